package main

import (
	"fmt"
	"math"

	"simulate/internal/numform"
	"simulate/model"
	"simulate/studies"
)

// flagWords words the model's warnings in the command's terms: the advice
// of a weight above 1 names --members, and on the terminal fits this
// machine (studies.MemberAdvice).
type flagWords struct{}

// Word words w: for a run's summary when a is nil, else with the advice a.
func (flagWords) Word(w model.Warning, a *studies.MemberAdvice) string {
	switch {
	case w.Kind != model.Weighted:
		return w.Error()
	case a == nil:
		return fmt.Sprintf("%s; run with --members %.0f (weight 1) for solvency figures", w.Condition(), math.Ceil(w.Insured))
	}
	e := a.Estimate
	memory, time := numform.Bytes(e.Bytes)+" of memory", fmt.Sprintf("%s on %d workers", numform.Duration(e.Seconds), a.Workers)
	if a.Fits {
		return fmt.Sprintf("%s; run with --members %d (weight 1) for solvency figures: about %s and %s here", w.Condition(), a.Full, memory, time)
	}
	if e.Bytes > a.Limit {
		memory += fmt.Sprintf(" (the limit is %s)", numform.Bytes(a.Limit))
	}
	if e.Seconds > studies.AdviceSeconds {
		time += fmt.Sprintf(" (this advice allows %s)", numform.Duration(studies.AdviceSeconds))
	}
	text := fmt.Sprintf("%s; weight 1 (--members %d) would need about %s and %s, more than this machine allows", w.Condition(), a.Full, memory, time)
	if a.Largest > a.Members {
		text += fmt.Sprintf("; the largest run that fits is about --members %d (weight %.3g), which narrows the noise but stays above weight 1", a.Largest, a.Weight)
	} else {
		text += "; this run is already about the largest that fits"
	}
	if e.Bytes <= a.Limit {
		text += "; or shard the weight-1 run over several machines (--shard K/N, docs/cluster.md)"
	}
	return text
}
