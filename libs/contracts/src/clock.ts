/** Time as a port: domain code asks a clock, so tests can freeze it. */
export interface Clock {
  nowMs(): number;
}
