package main

// maxBreakdownSize is the largest --breakdown file compare reads, in bytes:
// a breakdown lists a few groups of key paths.
const maxBreakdownSize = 1 << 20
