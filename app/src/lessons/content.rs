//! Reading `content/`: courses, episodes, glossary; every problem becomes a `file:line` diagnostic.

use super::render::{render_episode, RenderContext, Rendered};
use crate::i18n::Locale;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the content, as an author needs to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct Localized {
    #[serde(default)]
    pub es: Option<String>,
    #[serde(default)]
    pub pt: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl Localized {
    /// The text in `locale`, else Spanish, else Portuguese, else English.
    pub fn get(&self, locale: Locale) -> &str {
        let pick = |l: Locale| match l {
            Locale::Es => self.es.as_deref(),
            Locale::Pt => self.pt.as_deref(),
            Locale::En => self.en.as_deref(),
        };
        pick(locale).or(self.es.as_deref()).or(self.pt.as_deref()).or(self.en.as_deref()).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct LocalizedList {
    #[serde(default)]
    pub es: Vec<String>,
    #[serde(default)]
    pub pt: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

impl LocalizedList {
    pub fn get(&self, locale: Locale) -> &[String] {
        let pick = match locale {
            Locale::Es => &self.es,
            Locale::Pt => &self.pt,
            Locale::En => &self.en,
        };
        if pick.is_empty() {
            if !self.es.is_empty() {
                &self.es
            } else {
                &self.pt
            }
        } else {
            pick
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    slug: String,
    order: i64,
    level: Level,
    languages: Vec<String>,
    episodes: Vec<String>,
    title: Localized,
    summary: Localized,
    objectives: LocalizedList,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct NotebookSpec {
    pub profile: String,
    pub open: String,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    pub teaching: u32,
    pub exercises: u32,
    pub questions: Vec<String>,
    pub objectives: Vec<String>,
    pub keypoints: Vec<String>,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default)]
    pub glossary: Vec<String>,
    #[serde(default)]
    pub notebook: Option<NotebookSpec>,
}

/// One language version of an episode, rendered.
#[derive(Debug, Clone)]
pub struct EpisodeText {
    pub front: FrontMatter,
    pub rendered: Rendered,
    /// Words of prose, for "time to read".
    pub words: usize,
    /// Plain text for the search index.
    pub plain: String,
}

#[derive(Debug, Clone)]
pub struct Episode {
    pub slug: String,
    pub texts: BTreeMap<Locale, EpisodeText>,
}

impl Episode {
    /// The reader's language if written, else the course's first language written.
    pub fn text_for(&self, locale: Locale) -> Option<(Locale, &EpisodeText)> {
        self.texts.get(&locale).map(|t| (locale, t)).or_else(|| {
            [Locale::Es, Locale::Pt, Locale::En].into_iter().find_map(|l| self.texts.get(&l).map(|t| (l, t)))
        })
    }
}

#[derive(Debug, Clone)]
pub struct Course {
    pub slug: String,
    pub order: i64,
    pub level: Level,
    pub languages: Vec<Locale>,
    pub title: Localized,
    pub summary: Localized,
    pub objectives: LocalizedList,
    pub episodes: Vec<Episode>,
    pub dir: PathBuf,
}

impl Course {
    pub fn episode(&self, slug: &str) -> Option<(usize, &Episode)> {
        self.episodes.iter().enumerate().find(|(_, e)| e.slug == slug)
    }

    /// Minutes of teaching plus exercises over all episodes, in a language.
    pub fn minutes(&self, locale: Locale) -> u32 {
        self.episodes
            .iter()
            .filter_map(|e| e.text_for(locale))
            .map(|(_, t)| t.front.teaching + t.front.exercises)
            .sum()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct TermText {
    pub term: String,
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub es: TermText,
    pub pt: TermText,
    pub en: TermText,
}

impl Term {
    pub fn text(&self, locale: Locale) -> &TermText {
        match locale {
            Locale::Es => &self.es,
            Locale::Pt => &self.pt,
            Locale::En => &self.en,
        }
    }
}

#[derive(Debug, Deserialize)]
struct GlossaryFile {
    term: Vec<Term>,
}

/// Everything under `content/`, ready to serve.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub courses: Vec<Course>,
    pub glossary: Vec<Term>,
    pub root: PathBuf,
}

impl Catalog {
    pub fn course(&self, slug: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.slug == slug)
    }

    pub fn term(&self, id: &str) -> Option<&Term> {
        self.glossary.iter().find(|t| t.id == id)
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn diag(file: &Path, line: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic { file: file.to_path_buf(), line: line.max(1), message: message.into() }
}

/// Splits `---\n…\n---\n` front matter from the body. Returns (yaml, body, body's first line).
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest
        .find("\n---\n")
        .or_else(|| rest.find("\n---\r\n"))
        .or_else(|| rest.strip_suffix("\n---").map(|r| r.len()))?;
    let yaml = &rest[..end];
    let after = &rest[end..];
    let after = after.strip_prefix("\n---\r\n").or_else(|| after.strip_prefix("\n---\n")).unwrap_or("");
    let body_line = yaml.lines().count() + 3;
    Some((yaml, after, body_line))
}

/// Loads and checks everything. Diagnostics are returned with whatever could be loaded.
pub fn load(root: &Path) -> (Catalog, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let glossary_path = root.join("glossary.toml");
    let glossary: Vec<Term> = match std::fs::read_to_string(&glossary_path) {
        Ok(text) => match toml::from_str::<GlossaryFile>(&text) {
            Ok(g) => g.term,
            Err(e) => {
                let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count()).unwrap_or(1);
                diags.push(diag(&glossary_path, line, format!("invalid glossary: {}", e.message())));
                Vec::new()
            }
        },
        Err(e) => {
            diags.push(diag(&glossary_path, 1, format!("cannot read the glossary: {e}")));
            Vec::new()
        }
    };
    let mut seen = HashSet::new();
    for t in &glossary {
        if !is_slug(&t.id) || !seen.insert(t.id.clone()) {
            diags.push(diag(&glossary_path, 1, format!("glossary id `{}` is not a unique slug", t.id)));
        }
    }
    let glossary_ids: HashSet<String> = glossary.iter().map(|t| t.id.clone()).collect();

    let mut course_dirs: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(rd) => {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("course.toml").is_file()).collect()
        }
        Err(e) => {
            diags.push(diag(root, 1, format!("cannot read the content folder: {e}")));
            Vec::new()
        }
    };
    course_dirs.sort();

    // First pass: course files and each episode's headings, so links across episodes can be checked.
    struct Raw {
        course: CourseFile,
        dir: PathBuf,
    }
    let mut raws = Vec::new();
    for dir in course_dirs {
        let path = dir.join("course.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(diag(&path, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        match toml::from_str::<CourseFile>(&text) {
            Ok(c) => {
                if dir.file_name().and_then(|n| n.to_str()) != Some(c.slug.as_str()) || !is_slug(&c.slug) {
                    diags.push(diag(
                        &path,
                        1,
                        format!("slug `{}` must be the folder's name, in lower-case ASCII", c.slug),
                    ));
                }
                raws.push(Raw { course: c, dir });
            }
            Err(e) => {
                let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count()).unwrap_or(1);
                diags.push(diag(&path, line, format!("invalid course file: {}", e.message())));
            }
        }
    }

    let mut courses = Vec::new();
    for raw in raws {
        let c = raw.course;
        let languages: Vec<Locale> = c
            .languages
            .iter()
            .filter_map(|l| {
                let parsed = Locale::from_segment(l);
                if parsed.is_none() {
                    diags.push(diag(&raw.dir.join("course.toml"), 1, format!("unknown language `{l}`")));
                }
                parsed
            })
            .collect();
        // Headings of every file, for anchor checks: (episode, locale) → ids.
        let mut anchors: HashMap<(String, Locale), HashSet<String>> = HashMap::new();
        let mut sources: Vec<(String, Locale, PathBuf, String)> = Vec::new();
        for slug in &c.episodes {
            let dir = raw.dir.join(slug);
            if !is_slug(slug) || !dir.is_dir() {
                diags.push(diag(
                    &raw.dir.join("course.toml"),
                    1,
                    format!("episode `{slug}` has no folder {}", dir.display()),
                ));
                continue;
            }
            for locale in Locale::ALL {
                let path = dir.join(format!("{}.md", locale.code()));
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        anchors.insert((slug.clone(), locale), super::render::heading_ids(&text));
                        sources.push((slug.clone(), locale, path, text));
                    }
                    Err(_) if languages.contains(&locale) => {
                        diags.push(diag(
                            &path,
                            1,
                            format!("missing: the course declares `{}` for every episode", locale.code()),
                        ));
                    }
                    Err(_) => {}
                }
            }
        }
        let episode_slugs: HashSet<String> = c.episodes.iter().cloned().collect();
        let mut episodes: Vec<Episode> =
            c.episodes.iter().map(|s| Episode { slug: s.clone(), texts: BTreeMap::new() }).collect();
        for (slug, locale, path, text) in sources {
            let Some((yaml, body, body_line)) = split_front_matter(&text) else {
                diags.push(diag(&path, 1, "missing front matter: the file must start with a `---` block"));
                continue;
            };
            let front: FrontMatter = match serde_norway::from_str(yaml) {
                Ok(f) => f,
                Err(e) => {
                    let line = e.location().map(|l| l.line() + 1).unwrap_or(1);
                    diags.push(diag(&path, line, format!("front matter: {e}")));
                    continue;
                }
            };
            for (field, empty) in [
                ("title", front.title.trim().is_empty()),
                ("summary", front.summary.trim().is_empty()),
                ("questions", front.questions.is_empty()),
                ("objectives", front.objectives.is_empty()),
                ("keypoints", front.keypoints.is_empty()),
            ] {
                if empty {
                    diags.push(diag(&path, 2, format!("front matter field `{field}` is empty")));
                }
            }
            for id in &front.glossary {
                if !glossary_ids.contains(id) {
                    diags.push(diag(&path, 2, format!("glossary term `{id}` is not in glossary.toml")));
                }
            }
            for p in &front.prerequisites {
                if !episode_slugs.contains(p) {
                    diags.push(diag(
                        &path,
                        2,
                        format!("prerequisite `{p}` is not an episode of this course"),
                    ));
                }
            }
            let ep_dir = raw.dir.join(&slug);
            if let Some(nb) = &front.notebook {
                if !nb.files.contains(&nb.open) {
                    diags.push(diag(
                        &path,
                        2,
                        format!("notebook.open `{}` must be one of notebook.files", nb.open),
                    ));
                }
                for f in &nb.files {
                    check_episode_file(&ep_dir, f, &path, &mut diags);
                }
            }
            let ctx = RenderContext {
                locale,
                course: &c.slug,
                episode: &slug,
                episode_dir: &ep_dir,
                episodes: &episode_slugs,
                anchors: &anchors,
                glossary: &glossary,
                first_line: body_line,
            };
            let rendered = render_episode(body, &ctx);
            for (line, message) in &rendered.problems {
                diags.push(diag(&path, *line, message.clone()));
            }
            let words = rendered.words;
            let plain = rendered.plain.clone();
            if let Some(e) = episodes.iter_mut().find(|e| e.slug == slug) {
                e.texts.insert(locale, EpisodeText { front, rendered, words, plain });
            }
        }
        // The notebook must be the same in every language.
        for e in &episodes {
            let specs: HashSet<Option<&NotebookSpec>> =
                e.texts.values().map(|t| t.front.notebook.as_ref()).collect::<Vec<_>>().into_iter().collect();
            if specs.len() > 1 {
                diags.push(diag(
                    &raw.dir.join(&e.slug),
                    1,
                    "the notebook front matter differs between languages",
                ));
            }
        }
        courses.push(Course {
            slug: c.slug,
            order: c.order,
            level: c.level,
            languages,
            title: c.title,
            summary: c.summary,
            objectives: c.objectives,
            episodes,
            dir: raw.dir,
        });
    }
    courses.sort_by_key(|c| (c.order, c.slug.clone()));
    (Catalog { courses, glossary, root: root.to_path_buf() }, diags)
}

/// A file an episode brings: it exists inside the episode folder; notebooks are valid nbformat 4.
fn check_episode_file(ep_dir: &Path, rel: &str, md: &Path, diags: &mut Vec<Diagnostic>) {
    if rel.contains("..") || rel.starts_with('/') || rel.contains('\\') {
        diags.push(diag(md, 2, format!("notebook file `{rel}` must be a path inside the episode folder")));
        return;
    }
    let path = ep_dir.join(rel);
    let Ok(bytes) = std::fs::read(&path) else {
        diags.push(diag(md, 2, format!("notebook file `{rel}` does not exist")));
        return;
    };
    if rel.ends_with(".ipynb") {
        if let Err((line, why)) = validate_notebook(&bytes) {
            diags.push(diag(&path, line, format!("invalid notebook: {why}")));
        }
    }
}

/// nbformat 4: a JSON object with `cells`, `metadata`, `nbformat: 4`, `nbformat_minor`, and cells
/// that each have a known `cell_type`, `metadata` and a `source` string or list of strings.
pub fn validate_notebook(bytes: &[u8]) -> Result<(), (usize, String)> {
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| (e.line(), format!("not JSON ({e})")))?;
    let obj = v.as_object().ok_or((1, "not a JSON object".to_owned()))?;
    if obj.get("nbformat").and_then(|n| n.as_u64()) != Some(4) {
        return Err((1, "`nbformat` must be 4".to_owned()));
    }
    if obj.get("nbformat_minor").and_then(|n| n.as_u64()).is_none() {
        return Err((1, "`nbformat_minor` is missing".to_owned()));
    }
    if !obj.get("metadata").is_some_and(|m| m.is_object()) {
        return Err((1, "`metadata` must be an object".to_owned()));
    }
    let cells =
        obj.get("cells").and_then(|c| c.as_array()).ok_or((1, "`cells` must be a list".to_owned()))?;
    for (i, cell) in cells.iter().enumerate() {
        let kind = cell.get("cell_type").and_then(|k| k.as_str());
        if !matches!(kind, Some("code" | "markdown" | "raw")) {
            return Err((1, format!("cell {i} has no valid `cell_type`")));
        }
        let source_ok = match cell.get("source") {
            Some(serde_json::Value::String(_)) => true,
            Some(serde_json::Value::Array(a)) => a.iter().all(|s| s.is_string()),
            _ => false,
        };
        if !source_ok {
            return Err((1, format!("cell {i} has no `source`")));
        }
        if kind == Some("code") && !cell.get("outputs").is_some_and(|o| o.is_array()) {
            return Err((1, format!("code cell {i} has no `outputs` list")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_its_body_line() {
        let (yaml, body, line) = split_front_matter("---\ntitle: x\nsummary: y\n---\n\nHola\n").unwrap();
        assert_eq!(yaml, "title: x\nsummary: y");
        assert_eq!(body, "\nHola\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("# no front matter").is_none());
    }

    #[test]
    fn notebooks_must_be_nbformat_4() {
        let good = br#"{"cells":[{"cell_type":"code","metadata":{},"source":["1+1"],"outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#;
        assert!(validate_notebook(good).is_ok());
        assert!(validate_notebook(b"{\"cells\": [").unwrap_err().1.contains("not JSON"));
        assert!(validate_notebook(br#"{"cells":[],"metadata":{},"nbformat":3,"nbformat_minor":0}"#).is_err());
        assert!(validate_notebook(
            br#"{"cells":[{"cell_type":"code","source":"x"}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#
        )
        .is_err());
    }
}
