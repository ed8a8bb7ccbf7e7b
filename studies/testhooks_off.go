//go:build !testhooks

package studies

// testHooks returns no hooks: a shipped binary has none (a test build
// with -tags testhooks has them: testhooks.go).
func testHooks() hooks { return hooks{} }
