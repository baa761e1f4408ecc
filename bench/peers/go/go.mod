module csvfn.bench/seed

go 1.19
