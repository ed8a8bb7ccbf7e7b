package charts

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"

	"simulate/internal/inputfile"
)

// cjkProbe is text a CJK font must have glyphs for: the words of the zh
// labels most likely to be missing from a Latin font.
const cjkProbe = "亿元年基金结余可支付月数"

// cjkFontFiles are the usual locations of a CJK font: Debian and Ubuntu
// (fonts-noto-cjk, fonts-wqy-*, fonts-arphic-*), Fedora and Arch
// (google-noto-sans-cjk, noto-fonts-cjk), macOS and Windows. The first
// readable one with the glyphs of cjkProbe wins.
var cjkFontFiles = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
	"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/Library/Fonts/Arial Unicode.ttf",
	"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
	`C:\Windows\Fonts\msyh.ttc`,
	`C:\Windows\Fonts\simhei.ttf`,
}

// fontDirs are searched, after cjkFontFiles, for a file whose name looks
// like a CJK font.
var fontDirs = func() []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
	}
	return dirs
}

// cjkName reports whether a font file name looks like a CJK font.
func cjkName(name string) bool {
	n := strings.ToLower(name)
	switch filepath.Ext(n) {
	case ".ttf", ".otf", ".ttc", ".otc":
	default:
		return false
	}
	for _, s := range []string{"cjk", "sanssc", "serifsc", "sourcehan", "wqy", "droidsansfallback", "uming", "ukai", "simhei", "msyh"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// typeface is a loaded font: a gonum/plot font collection with a single
// regular face, its typeface name and the file it came from ("" for the
// built-in Liberation fonts).
type typeface struct {
	name   font.Typeface
	fonts  *font.Cache
	path   string
	hasCJK bool
}

// handler returns the plain-text handler drawing with tf.
func (tf *typeface) handler() text.Handler { return text.Plain{Fonts: tf.fonts} }

// liberationSans is the typeface of English charts without a font option:
// Liberation Sans, built into gonum/plot, so English charts never depend
// on the system's fonts.
var liberationSans = sync.OnceValue(func() *typeface {
	coll := liberation.Collection()
	var sans font.Collection
	for _, f := range coll {
		if f.Font.Variant == "Sans" && f.Font.Style == xfont.StyleNormal && f.Font.Weight == xfont.WeightNormal {
			f.Font.Variant = ""
			f.Font.Typeface = "Liberation Sans"
			sans = append(sans, f)
		}
	}
	if len(sans) == 0 {
		// Every Liberation face; Lookup falls back to the first.
		sans = coll
	}
	return &typeface{name: sans[0].Font.Typeface, fonts: font.NewCache(sans)}
})

// MaxFontSize is the largest font file the charts read, in bytes: a CJK
// collection of every weight can pass 100 MB.
const MaxFontSize = 256 << 20

var (
	loadedMu sync.Mutex
	loaded   = map[string]*typeface{} // by path
)

// loadFont loads the font file at path (TrueType, OpenType or a
// collection, of which it takes the Simplified Chinese face if there is
// one, else the first face with CJK glyphs, else the first face). Loaded
// fonts are kept for the life of the process.
func loadFont(path string) (*typeface, error) {
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if tf, ok := loaded[path]; ok {
		return tf, nil
	}
	data, err := inputfile.ReadFile(path, MaxFontSize, "a font file")
	if err != nil {
		return nil, err
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	var best *sfnt.Font
	bestScore := -1
	var buf sfnt.Buffer
	for i := range coll.NumFonts() {
		f, err := coll.Font(i)
		if err != nil {
			continue
		}
		score := 0
		if hasGlyphs(f, &buf, cjkProbe) {
			score = 1
			fam, _ := f.Name(&buf, sfnt.NameIDFamily)
			if strings.Contains(fam, " SC") || strings.HasSuffix(fam, "SC") || strings.Contains(fam, "Hei") || strings.Contains(fam, "YaHei") {
				score = 2
			}
		}
		if score > bestScore {
			best, bestScore = f, score
		}
	}
	if best == nil {
		return nil, fmt.Errorf("font %s: no usable face", path)
	}
	fam, err := best.Name(&buf, sfnt.NameIDFamily)
	if err != nil || fam == "" {
		fam = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	tf := &typeface{
		name:   font.Typeface(fam),
		path:   path,
		hasCJK: bestScore > 0,
	}
	tf.fonts = font.NewCache(font.Collection{{Font: font.Font{Typeface: tf.name}, Face: best}})
	loaded[path] = tf
	return tf, nil
}

// hasGlyphs reports whether f has a glyph for every rune of s.
func hasGlyphs(f *sfnt.Font, buf *sfnt.Buffer, s string) bool {
	for _, r := range s {
		i, err := f.GlyphIndex(buf, r)
		if err != nil || i == 0 {
			return false
		}
	}
	return true
}

// findCJKFont returns the first CJK font found on the system, or nil.
func findCJKFont() *typeface {
	for _, p := range cjkFontFiles {
		if tf, err := loadFont(p); err == nil && tf.hasCJK {
			return tf
		}
	}
	for _, dir := range fontDirs() {
		var found *typeface
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || found != nil {
				return filepath.SkipDir
			}
			if d.IsDir() || !cjkName(d.Name()) {
				return nil
			}
			if tf, err := loadFont(p); err == nil && tf.hasCJK {
				found = tf
				return filepath.SkipAll
			}
			return nil
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// chooseFont returns the typeface and the language of the charts for the
// options, and warnings: a font option that cannot be used, or zh asked
// for without any CJK font (then the charts fall back to English).
func chooseFont(lang, path string) (tf *typeface, useLang string, warnings []string) {
	if path != "" {
		f, err := loadFont(path)
		switch {
		case err != nil:
			warnings = append(warnings, fmt.Sprintf("charts: cannot use font %s: %v", path, err))
		case lang == "zh" && !f.hasCJK:
			warnings = append(warnings, fmt.Sprintf("charts: font %s has no Chinese glyphs", path))
		default:
			return f, lang, warnings
		}
	}
	if lang != "zh" {
		return liberationSans(), lang, warnings
	}
	if f := findCJKFont(); f != nil {
		return f, "zh", warnings
	}
	warnings = append(warnings, "charts: no CJK font found (install Debian's fonts-noto-cjk or give a font file); Chinese labels fall back to English")
	return liberationSans(), "en", warnings
}
