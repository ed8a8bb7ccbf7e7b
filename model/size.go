package model

import (
	"math"
	"unsafe"
)

// slotBytes is the memory of one member slot of the struct-of-arrays
// population.
const slotBytes = int64(unsafe.Sizeof(uint64(0)) + unsafe.Sizeof(false) + unsafe.Sizeof(Status(0)) +
	unsafe.Sizeof(false) + unsafe.Sizeof(uint8(0))*2 + unsafe.Sizeof(int16(0)) + unsafe.Sizeof(uint8(0))*4 +
	unsafe.Sizeof(float32(0))*2 + unsafe.Sizeof(float64(0)))

// peakSizes estimates the largest number of member slots a replication of
// s with n initial members uses (entrants take the slots of members who
// died or left, and add slots only beyond them) and the largest number of
// entrants in a year, each with 2% to spare.
func peakSizes(s *Scenario, n int) (slots, entrants int) {
	live, peak, most := float64(n), float64(n), 0.0
	contributors := 1 - s.Population.RetiredShare
	mortality := meanMortality(s)
	for y := range s.Horizon {
		t := s.BaseYear + y
		rate, _, _ := s.Population.EntrantRate.Benefit(t, Active, Primary)
		exit, _, _ := s.Population.ExitRate.Benefit(t, Active, Primary)
		entrants := rate * contributors * live
		departures := live * (exit*contributors + mortality)
		peak = math.Max(peak, live+entrants)
		most = math.Max(most, entrants)
		live += entrants - departures
	}
	return int(math.Ceil(peak * 1.02)), int(math.Ceil(most * 1.02))
}

// meanMortality returns the death probability of the base year's
// population: the life table at each age band's middle, weighted by the
// age structure and the status shares, times mortality_scale.
func meanMortality(s *Scenario) float64 {
	p := &s.Population
	shares := [NumStatus]float64{1 - p.RetiredShare - p.FlexibleShare, p.FlexibleShare, p.RetiredShare}
	var q float64
	for st := range Status(NumStatus) {
		var total, weighted float64
		for sex := range 2 {
			b := p.AgeStructure.Weights[st][sex]
			for i := range b.Bounds {
				lo, hi := bandRange(b, i)
				total += b.Values[i]
				weighted += b.Values[i] * s.LifeTable.Q((lo+hi)/2, sex == 0)
			}
		}
		if total > 0 {
			q += shares[st] * weighted / total
		}
	}
	return min(1, q*p.MortalityScale)
}

// Estimate is the expected size of a run.
type Estimate struct {
	PeakMembers int     // member slots per replication in flight
	InFlight    int     // replications simulated at once
	Bytes       int64   // memory: populations, results, accumulators, fixed overhead
	MemberYears float64 // simulated member-years
	Seconds     float64 // rough wall time at a typical rate
}

// FixedBytes is the memory of a run independent of its size (program,
// runtime, scenario, buffers), a measured round figure.
const FixedBytes = 64 << 20

// typicalRate is a conservative member-years per second per worker for
// time estimates (measured on national-2021, every mechanism on, on a
// shared 2-core machine: 0.75–1.0 million per worker with engine 0.3.0).
const typicalRate = 7e5

// EstimateRun estimates the memory and time of a run of s with the given
// replications, members and workers, before anything is allocated.
func EstimateRun(s *Scenario, replications, members, workers int) Estimate {
	slots, entrants := peakSizes(s, members)
	e := Estimate{PeakMembers: slots, InFlight: 1}
	if workers < 1 {
		workers = 1
	}
	if replications >= workers {
		e.InFlight = workers
	}
	// The population and the list of a year's entrants' slots.
	pop := (float64(e.PeakMembers)*float64(slotBytes) + float64(entrants)*float64(unsafe.Sizeof(0))) * float64(e.InFlight)
	results := float64(replications) * float64(s.Horizon) * (float64(NumMetrics)*8 + float64(NumGroups)*float64(unsafe.Sizeof(GroupSum{})))
	groups := (float64(workers)*numCells + float64(s.Horizon)*(numCells+float64(NumGroups))) * float64(unsafe.Sizeof(GroupYear{}))
	blocks := float64(e.PeakMembers) / blockSize * float64(unsafe.Sizeof(yearAcc{}))
	total := pop + results + groups + blocks + FixedBytes
	e.Bytes = int64(math.Min(total, math.MaxInt64/2))
	e.MemberYears = float64(replications) * float64(s.Horizon) * (float64(members) + float64(e.PeakMembers)) / 2
	e.Seconds = e.MemberYears / (typicalRate * float64(workers))
	return e
}
