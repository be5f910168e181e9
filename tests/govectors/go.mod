module mdbprof/govectors

go 1.26
