//! A certificate as a printable PDF/A-2b, drawn from an SVG template in the holder's language
//! (krilla and krilla-svg: pure Rust, the PDF back-end Typst uses; its validator refuses to
//! write a file that would not be PDF/A). Fonts are embedded, so it prints the same anywhere.

use super::certificates::{qr_svg, Certificate};
use crate::i18n::{t, t_args, Locale};
use crate::kernel::html::escape;
use anyhow::Context;
use std::path::Path;
use std::sync::Arc;

/// The fonts certificates are set in (DejaVu Sans, from Debian's `fonts-dejavu-core`).
pub struct Fonts {
    regular: Vec<u8>,
    bold: Vec<u8>,
}

impl Fonts {
    pub fn load(dir: &Path) -> anyhow::Result<Fonts> {
        let read = |name: &str| {
            std::fs::read(dir.join(name))
                .with_context(|| format!("Failed to read the font {}", dir.join(name).display()))
        };
        Ok(Fonts { regular: read("DejaVuSans.ttf")?, bold: read("DejaVuSans-Bold.ttf")? })
    }
}

/// The certificate's page, A4 landscape, as SVG (millimetres).
pub fn svg(c: &Certificate, locale: Locale, course_title: &str, verify_url: &str) -> String {
    let heading = if c.kind == "trainer" {
        t(locale, "certificate-trainer-heading")
    } else {
        t(locale, "certificate-heading")
    };
    let line = if c.kind == "trainer" {
        t(locale, "certificate-trainer-line")
    } else {
        t(locale, "certificate-line")
    };
    let dates = t_args(locale, "certificate-dates", &[("from", &c.starts_on), ("to", &c.ends_on)]);
    let hours = t_args(locale, "certificate-hours", &[("hours", &c.hours.to_string())]);
    let issuer = t_args(locale, "certificate-issuer", &[("name", &c.issuer)]);
    let verify = t(locale, "certificate-verify-at");
    let qr = qr_svg(verify_url);
    let revoked = (!c.valid()).then(|| {
        format!(
            r##"<text x="148.5" y="105" font-size="28" font-weight="bold" fill="#b3261e" text-anchor="middle" transform="rotate(-20 148.5 105)">{}</text>"##,
            escape(&t(locale, "certificate-state-revoked").to_uppercase())
        )
    });
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 297 210">
<rect x="0" y="0" width="297" height="210" fill="#ffffff"/>
<rect x="8" y="8" width="281" height="194" fill="none" stroke="#0b5d4b" stroke-width="1.2"/>
<rect x="11" y="11" width="275" height="188" fill="none" stroke="#0b5d4b" stroke-width="0.3"/>
<text x="148.5" y="38" font-family="DejaVu Sans" font-size="7" fill="#0b5d4b" text-anchor="middle" letter-spacing="1.5">PUENTE</text>
<text x="148.5" y="56" font-family="DejaVu Sans" font-size="13" font-weight="bold" fill="#1b1f24" text-anchor="middle">{heading}</text>
<text x="148.5" y="80" font-family="DejaVu Sans" font-size="11" font-weight="bold" fill="#1b1f24" text-anchor="middle">{holder}</text>
<text x="148.5" y="92" font-family="DejaVu Sans" font-size="5" fill="#1b1f24" text-anchor="middle">{line}</text>
<text x="148.5" y="104" font-family="DejaVu Sans" font-size="7.5" font-weight="bold" fill="#1b1f24" text-anchor="middle">{course}</text>
<text x="148.5" y="113" font-family="DejaVu Sans" font-size="5" fill="#1b1f24" text-anchor="middle">{title}</text>
<text x="148.5" y="124" font-family="DejaVu Sans" font-size="4.2" fill="#4a5360" text-anchor="middle">{dates} · {hours}</text>
<text x="148.5" y="134" font-family="DejaVu Sans" font-size="4.2" fill="#4a5360" text-anchor="middle">{issuer}</text>
<text x="24" y="176" font-family="DejaVu Sans" font-size="3.4" fill="#4a5360">{verify}</text>
<text x="24" y="182" font-family="DejaVu Sans" font-size="3.4" fill="#1b1f24">{url}</text>
<text x="24" y="188" font-family="DejaVu Sans" font-size="3.4" fill="#4a5360">{code}</text>
<g transform="translate(238,148) scale(0.22)">{qr}</g>
{revoked}
</svg>"##,
        heading = escape(&heading),
        holder = escape(&c.holder_name),
        line = escape(&line),
        course = escape(course_title),
        title = escape(&c.title),
        dates = escape(&dates),
        hours = escape(&hours),
        issuer = escape(&issuer),
        verify = escape(&verify),
        url = escape(verify_url),
        code = escape(&c.code),
        revoked = revoked.unwrap_or_default(),
    )
}

/// Draws the SVG onto one A4 landscape page of a PDF/A-2b document.
pub fn render(
    svg: &str,
    fonts: &Fonts,
    title: &str,
    locale: Locale,
    issued_at: i64,
) -> anyhow::Result<Vec<u8>> {
    use krilla::configure::{Archival, ConfigurationBuilder};
    use krilla::geom::Size;
    use krilla::metadata::{DateTime, Metadata};
    use krilla::page::PageSettings;
    use krilla::{Document, SerializeSettings};
    use krilla_svg::{SurfaceExt, SvgSettings};

    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(fonts.regular.clone());
    db.load_font_data(fonts.bold.clone());
    db.set_sans_serif_family("DejaVu Sans");
    db.set_serif_family("DejaVu Sans");
    let options =
        usvg::Options { fontdb: Arc::new(db), font_family: "DejaVu Sans".into(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).context("The certificate template is not valid SVG")?;
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| anyhow::anyhow!("PDF/A configuration: {e:?}"))?;
    let mut doc = Document::new_with(SerializeSettings { configuration, ..Default::default() });
    let issued = jiff::Timestamp::from_second(issued_at)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::UTC);
    doc.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(locale.code().to_owned())
            .creator("Puente".to_owned())
            .creation_date(
                DateTime::new(issued.year() as u16)
                    .month(issued.month() as u8)
                    .day(issued.day() as u8)
                    .hour(issued.hour() as u8)
                    .minute(issued.minute() as u8)
                    .second(issued.second() as u8)
                    .utc_offset_hour(0),
            ),
    );
    let size = Size::from_wh(841.89, 595.28).context("page size")?;
    let mut page = doc.start_page_with(PageSettings::new(size));
    let mut surface = page.surface();
    surface.draw_svg(&tree, size, SvgSettings::default()).context("Failed to draw the certificate")?;
    surface.finish();
    page.finish();
    doc.finish().map_err(|e| anyhow::anyhow!("Failed to write the certificate PDF: {e:?}"))
}
