// The seed's own function in Go: POST a JSON array of employees, get CSV back.
// net/http + encoding/json + encoding/csv, nothing else; the body is capped at 4 MiB as csvfn's.
package main

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
)

type employee struct {
	Name        string `json:"name"`
	Age         int    `json:"age"`
	JobTitle    string `json:"jobTitle"`
	BadgeNumber int    `json:"badgeNumber"`
}

func convert(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "Only POST requests are allowed.", http.StatusMethodNotAllowed)
		return
	}
	var rows []employee
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<20)).Decode(&rows); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="data.csv"`)
	out := csv.NewWriter(w)
	out.UseCRLF = true
	out.Write([]string{"Name", "Age", "Job Title", "Badge Number"})
	for _, e := range rows {
		out.Write([]string{e.Name, strconv.Itoa(e.Age), e.JobTitle, strconv.Itoa(e.BadgeNumber)})
	}
	out.Flush()
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	http.HandleFunc("/api", convert)
	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
		panic(err)
	}
}
