package scenarios

import ("testing";"fmt")

func TestSmoke(t *testing.T) {
	r, err := Resolve("national-2021")
	if err != nil { t.Fatal(err) }
	fmt.Printf("%s", Annotated(r.Scenario, r.Sources))
}
