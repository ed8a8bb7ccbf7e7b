package scenarios

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"simulate/internal/inputfile"
	"simulate/model"
)

//go:embed builtin
var builtinFS embed.FS

// MaxFileSize is the largest scenario file Load reads, in bytes.
const MaxFileSize = 10 << 20

// Builtin is a scenario carried in the program.
type Builtin struct {
	Name        string
	Description string
}

// Builtins returns the built-in scenarios sorted by name.
func Builtins() []Builtin {
	var out []Builtin
	for _, name := range builtinNames() {
		b := Builtin{Name: name}
		data, _ := builtinFS.ReadFile("builtin/" + name + ".yaml")
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
			root := doc.Content[0]
			if _, v := lookup(root, "description"); v != nil {
				b.Description = v.Value
			} else if first, _, _ := strings.Cut(strings.TrimSpace(headComment(&doc)), "\n"); first != "" {
				b.Description = strings.TrimRight(strings.TrimSpace(strings.TrimPrefix(first, "#")), ",")
			}
		}
		out = append(out, b)
	}
	return out
}

func builtinNames() []string {
	entries, _ := builtinFS.ReadDir("builtin")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && n != "defaults" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

func unknownBuiltin(name string) error {
	return fmt.Errorf("unknown scenario %q: built-ins are %s; a file path must end in .yaml or .yml", name, strings.Join(builtinNames(), ", "))
}

// Resolved is a loaded scenario with what came with it.
type Resolved struct {
	Scenario *model.Scenario
	// Warnings are problems that do not stop a run (docs/model.md section 6).
	Warnings []string
	// Sweep is the sweep: section, or nil.
	Sweep *Sweep
	// Sources maps key paths to the comment beside their value in the file
	// it came from, for Annotated.
	Sources map[string]string
	// Files lists the files read, the scenario's own first, then its parents.
	Files []string
}

// Load reads the built-in scenario or the YAML file nameOrPath, lays it on
// the defaults and its extends: chain, decodes and validates it. It returns
// the resolved scenario and its warnings, or an error listing every problem,
// one per line, as FILE:LINE: key.path: message.
func Load(nameOrPath string) (*model.Scenario, []string, error) {
	r, err := Resolve(nameOrPath)
	if err != nil {
		if r != nil {
			return nil, r.Warnings, err
		}
		return nil, nil, err
	}
	return r.Scenario, r.Warnings, nil
}

// LoadBytes is Load for the contents of a file named name; a relative
// extends: path is taken relative to name's directory.
func LoadBytes(name string, data []byte) (*model.Scenario, []string, error) {
	r, err := ResolveBytes(name, data)
	if err != nil {
		if r != nil {
			return nil, r.Warnings, err
		}
		return nil, nil, err
	}
	return r.Scenario, r.Warnings, nil
}

// Resolve is Load returning the sweep: section and the sources too. On a
// validation error it returns the Resolved (without Scenario) for its
// warnings along with the error.
func Resolve(nameOrPath string) (*Resolved, error) {
	var src source
	var err error
	switch {
	case slices.Contains(builtinNames(), nameOrPath):
		src, err = openBuiltin(nameOrPath)
	case isName(nameOrPath):
		if _, statErr := os.Stat(nameOrPath); statErr != nil {
			return nil, unknownBuiltin(nameOrPath)
		}
		src, err = openFile(nameOrPath)
	default:
		src, err = openFile(nameOrPath)
	}
	if err != nil {
		return nil, err
	}
	return resolve(src)
}

// ResolveBytes is Resolve for the contents of a file named name.
func ResolveBytes(name string, data []byte) (*Resolved, error) {
	return resolve(source{file: name, id: absPath(name), data: data, dir: filepath.Dir(name)})
}

// source is a scenario file: a built-in or a file on disk.
type source struct {
	file    string // as shown in messages
	id      string // identity, for cycles
	data    []byte
	dir     string // directory of relative extends paths
	builtin bool
	name    string // built-in name
}

// isName reports whether s names a built-in rather than a file.
func isName(s string) bool {
	return !strings.ContainsAny(s, `/\`) && !strings.HasSuffix(s, ".yaml") && !strings.HasSuffix(s, ".yml")
}

func openBuiltin(name string) (source, error) {
	file := "builtin/" + name + ".yaml"
	data, err := builtinFS.ReadFile(file)
	if err != nil {
		return source{}, unknownBuiltin(name)
	}
	return source{file: file, id: file, data: data, dir: "builtin", builtin: true, name: name}, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// openFile reads a scenario file: a regular file of at most MaxFileSize
// bytes (a named pipe or a device is refused before it is opened).
func openFile(p string) (source, error) {
	data, err := inputfile.ReadFile(p, MaxFileSize, "a scenario file")
	if err != nil {
		return source{}, err
	}
	return source{file: p, id: absPath(p), data: data, dir: filepath.Dir(p)}, nil
}

// openParent opens the scenario named by an extends: value in from.
func openParent(from source, value string) (source, error) {
	if isName(value) {
		if !slices.Contains(builtinNames(), value) {
			return source{}, unknownBuiltin(value)
		}
		return openBuiltin(value)
	}
	if from.builtin {
		p := path.Join(from.dir, value)
		data, err := builtinFS.ReadFile(p)
		if err != nil {
			return source{}, fmt.Errorf("no built-in file %s", p)
		}
		return source{file: p, id: p, data: data, dir: path.Dir(p), builtin: true}, nil
	}
	p := value
	if !filepath.IsAbs(p) {
		p = filepath.Join(from.dir, p)
	}
	src, err := openFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return source{}, fmt.Errorf("parent %s does not exist", p)
	}
	return src, err
}

// loader parses the files of one scenario, recording each node's file.
type loader struct {
	origin map[*yaml.Node]string
	files  []string
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse checks that src is a YAML mapping and returns its root.
func (l *loader) parse(src source) (root *yaml.Node, err error) {
	data := src.data
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: more than a scenario file may hold (%d MB)", src.file, MaxFileSize>>20)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, fmt.Errorf("%s:%d: not a text file (NUL byte at offset %d)", src.file, 1+bytes.Count(data[:i], []byte("\n")), i)
	}
	if !utf8.Valid(data) {
		line := 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			i += size
		}
		return nil, fmt.Errorf("%s:%d: not valid UTF-8 text", src.file, line)
	}
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("%s: unreadable YAML: %v", src.file, r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty scenario file", src.file)
		}
		return nil, syntaxError(src.file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		if err != nil {
			return nil, syntaxError(src.file, err)
		}
		return nil, fmt.Errorf("%s:%d: more than one YAML document", src.file, extra.Line)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, fmt.Errorf("%s: empty scenario file", src.file)
	}
	root = deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: a scenario is a mapping of keys, got %s", src.file, root.Line, describe(root))
	}
	l.setOrigin(&doc, src.file, 0)
	spreadComments(root, 0)
	return root, nil
}

// spreadComments gives each value of a one-line flow mapping the line
// comment of the mapping when it has none of its own: in
//
//	epidemic: {probability: 0.03, outpatient_factor: 0.95}   # estimate
//
// the source of economy.epidemic.probability is "estimate". It runs on each
// file before merging, so that values a file inherits keep their comments.
func spreadComments(n *yaml.Node, depth int) {
	if n == nil || n.Kind != yaml.MappingNode || depth > 100 {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if c := cmp.Or(v.LineComment, k.LineComment); c != "" && v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle != 0 {
			pushComment(v, c, k.Line, depth+1)
		}
		spreadComments(v, depth+1)
	}
}

// pushComment sets c as the line comment of the values of the flow mapping
// n whose keys are on line and have no comment.
func pushComment(n *yaml.Node, c string, line, depth int) {
	if depth > 100 {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Line != line || k.LineComment != "" || v.LineComment != "" {
			continue
		}
		v.LineComment = c
		if v.Kind == yaml.MappingNode {
			pushComment(v, c, line, depth+1)
		}
	}
}

func (l *loader) setOrigin(n *yaml.Node, file string, depth int) {
	if _, done := l.origin[n]; done || depth > 20000 {
		return
	}
	l.origin[n] = file
	for _, c := range n.Content {
		l.setOrigin(c, file, depth+1)
	}
}

func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: YAML syntax: %s", file, m[1], m[2])
	}
	return fmt.Errorf("%s: YAML syntax: %s", file, strings.TrimPrefix(msg, "yaml: "))
}

// tree returns the node tree of src laid over its extends: chain (not the
// defaults). stack holds the files extending src, for cycles.
func (l *loader) tree(src source, stack []source) (*yaml.Node, error) {
	root, err := l.parse(src)
	if err != nil {
		return nil, err
	}
	l.files = append(l.files, src.file)
	k, v := lookup(root, "extends")
	if k == nil {
		return root, nil
	}
	root = without(l.origin, root, "extends")
	at := fmt.Sprintf("%s:%d: extends", src.file, k.Line)
	v = deref(v)
	if v.Kind != yaml.ScalarNode || isNull(v) || v.Value == "" {
		return nil, fmt.Errorf("%s: expected a built-in name or a file path, got %s", at, describe(v))
	}
	parent, err := openParent(src, v.Value)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", at, err)
	}
	stack = append(stack, src)
	for i, s := range stack {
		if s.id == parent.id {
			var chain []string
			for _, c := range stack[i:] {
				chain = append(chain, c.file)
			}
			return nil, fmt.Errorf("%s: cycle: %s → %s", at, strings.Join(chain, " → "), parent.file)
		}
	}
	if len(stack) > 50 {
		return nil, fmt.Errorf("%s: more than 50 levels of extends", at)
	}
	pt, err := l.tree(parent, stack)
	if err != nil {
		return nil, err
	}
	pt = without(l.origin, pt, "name", "description")
	return merge(l.origin, pt, root, scenarioType), nil
}

// resolve loads src on the defaults, decodes and validates it.
func resolve(src source) (r *Resolved, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("%s: internal error: %v", src.file, p)
		}
	}()
	l := &loader{origin: map[*yaml.Node]string{}}
	tree, err := l.tree(src, nil)
	if err != nil {
		return nil, err
	}
	files := l.files
	defaults, err := openBuiltin("defaults")
	if err != nil {
		return nil, err
	}
	base, err := l.parse(defaults)
	if err != nil {
		return nil, err
	}
	tree = merge(l.origin, base, tree, scenarioType)
	r = &Resolved{Files: files}
	d := newDecoder(l.origin)
	if _, v := lookup(tree, "sweep"); v != nil {
		r.Sweep = d.sweep(v)
		tree = without(l.origin, tree, "sweep")
	}
	s := &model.Scenario{}
	d.section(tree, reflect.ValueOf(s).Elem(), "")
	if s.Name == "" {
		s.Name = src.name
		if s.Name == "" {
			s.Name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(src.file), ".yaml"), ".yml")
		}
	}
	if !d.bad["population.life_table"] && !d.bad["population"] {
		lt, err := LifeTable(s.Population.LifeTable)
		if err != nil {
			d.probs.add(d.where["population.life_table"], "population.life_table", "%v", err)
		}
		s.LifeTable = lt
	}
	if r.Sweep != nil && len(d.probs) == 0 {
		d.checkSweep(r.Sweep, s)
	}
	c := &checker{where: d.where, bad: d.bad}
	c.scenario(s)
	r.Warnings = c.warns.strings()
	r.Sources = d.sources
	if err := append(d.probs, c.probs...).err(); err != nil {
		return r, err
	}
	r.Scenario = s
	return r, nil
}

// quoteList quotes each string.
// headComment returns the comment at the top of a parsed file.
func headComment(doc *yaml.Node) string {
	for n := doc; n != nil; {
		if n.HeadComment != "" {
			return n.HeadComment
		}
		if len(n.Content) == 0 {
			break
		}
		n = n.Content[0]
	}
	return ""
}
