/**
 * @module
 * The seed's request and the CSV it must answer: what every example's test sends first.
 */

/** The two employees of the original brief, as the JSON body a client posts. */
export const SEED_BODY = JSON.stringify([
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
]);

/** The CSV the seed's body converts to, byte for byte. */
export const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';
