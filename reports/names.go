package reports

import "fmt"

// The names of the files and folders of an output folder (docs/outputs.md),
// defined here once: every writer and every reader uses these.
const (
	// A run.
	SummaryFile           = "summary.json"
	YearsFile             = "years.csv"
	SolvencyFile          = "solvency.csv"
	SolvencyEventsFile    = "solvency-events.csv"
	GroupsFile            = "groups.csv"
	ScenarioFile          = "scenario.yaml"
	RunMetaFile           = "run.json"
	ReplicationsFile      = "replications.csv"
	GroupReplicationsFile = "groups-replications.csv"
	GroupsAccFile         = "groups-acc.json"

	// A comparison: its runs in RunsDir/K-NAME/ (RunDir).
	RunsDir              = "runs"
	ComparisonFile       = "comparison.csv"
	GroupsComparisonFile = "groups-comparison.csv"
	BreakdownFile        = "breakdown.csv"
	CompareFile          = "compare.json"

	// A sweep: its points in PointsDir/NNNN/ (PointDir).
	PointsDir     = "points"
	SweepFile     = "sweep.csv"
	SweepSpecFile = "sweep.json"

	// Solve and sensitivity.
	SolveFile       = "solve.csv"
	SolveResultFile = "solve.json"
	TornadoFile     = "tornado.csv"
	MorrisFile      = "morris.csv"
	SensitivityFile = "sensitivity.json"

	// Calibration.
	CalibratedFile       = "calibrated.yaml"
	CalibrationReportMD  = "calibration.md"
	CalibrationReportCSV = "calibration.csv"

	// What is drawn from the data files: the workbook and, in ChartsDir,
	// each chart as KIND.png, KIND.svg and KIND.pdf.
	WorkbookFile = "report.xlsx"
	ChartsDir    = "charts"
)

// PointDir is the folder of sweep point i, relative to the sweep's:
// points/NNNN.
func PointDir(i int) string { return fmt.Sprintf("%s/%04d", PointsDir, i) }

// RunDir is the folder of a comparison's run k, relative to the
// comparison's: runs/K-NAME, name already safe as a file name.
func RunDir(k int, name string) string { return fmt.Sprintf("%s/%d-%s", RunsDir, k, name) }
