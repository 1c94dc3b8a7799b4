//! Measures rendition sizes: JPEG at the quality renditions use against lossy WebP at a
//! few qualities, each with its PSNR against the resized picture before encoding, so the
//! sizes are compared at similar quality.
//!
//! `cargo run --release -p warraq-media --example webp_vs_jpeg` draws the demo's hero
//! pictures; give JPEG/PNG/WebP files as arguments to measure those instead.

use std::process::ExitCode;

use image::imageops::FilterType;
use image::{DynamicImage, RgbImage};
use warraq_demo::content::DemoContent;
use warraq_demo::picture::{HERO_SIZE, PictureSpec, render_jpeg, seed_for};
use warraq_media::encode;

const WIDTHS: [u32; 5] = [320, 640, 960, 1200, 1600];
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITIES: [f32; 4] = [75.0, 85.0, 90.0, 95.0];

fn main() -> ExitCode {
    let originals = match load() {
        Ok(originals) => originals,
        Err(e) => {
            eprintln!("webp_vs_jpeg: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{} pictures", originals.len());
    println!(
        "{:>5}  {:>16}  {}",
        "width",
        format!("JPEG q{JPEG_QUALITY}"),
        WEBP_QUALITIES
            .map(|q| format!("{:>22}", format!("WebP q{q}")))
            .join("  ")
    );
    for width in WIDTHS {
        let mut jpeg = Sample::default();
        let mut webp = [Sample::default(); WEBP_QUALITIES.len()];
        for original in originals.iter().filter(|o| o.width() >= width) {
            let height = (u64::from(original.height()) * u64::from(width)
                / u64::from(original.width())) as u32;
            let resized = DynamicImage::ImageRgb8(
                original
                    .resize_exact(width, height, FilterType::CatmullRom)
                    .to_rgb8(),
            );
            let bytes = encode::jpeg(&resized, JPEG_QUALITY, None).expect("JPEG");
            jpeg.add(&bytes, &resized);
            for (sample, quality) in webp.iter_mut().zip(WEBP_QUALITIES) {
                let bytes = encode::webp(&resized, quality).expect("WebP");
                sample.add(&bytes, &resized);
            }
        }
        if jpeg.count == 0 {
            continue;
        }
        println!(
            "{width:>5}  {}  {}",
            jpeg.show(None),
            webp.map(|s| s.show(Some(jpeg.bytes))).join("  ")
        );
    }
    ExitCode::SUCCESS
}

fn load() -> Result<Vec<DynamicImage>, String> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if !files.is_empty() {
        return files
            .iter()
            .map(|f| image::open(f).map_err(|e| format!("{f}: {e}")))
            .collect();
    }
    let content = DemoContent::embedded().map_err(|e| e.to_string())?;
    content
        .articles()
        .map(|(section, article)| {
            let spec = PictureSpec {
                palette: section.palette,
                seed: seed_for(&article.key),
                width: HERO_SIZE.0,
                height: HERO_SIZE.1,
            };
            // As the demo stores them: JPEGs, decoded again as the server would.
            let picture = render_jpeg(&spec).map_err(|e| e.to_string())?;
            image::load_from_memory(&picture.bytes).map_err(|e| e.to_string())
        })
        .collect()
}

/// Total bytes and mean PSNR over the pictures at one width.
#[derive(Debug, Default, Clone, Copy)]
struct Sample {
    bytes: usize,
    psnr: f64,
    count: usize,
}

impl Sample {
    fn add(&mut self, encoded: &[u8], reference: &DynamicImage) {
        let decoded = image::load_from_memory(encoded).expect("decodes").to_rgb8();
        self.bytes += encoded.len();
        self.psnr += psnr(&decoded, &reference.to_rgb8());
        self.count += 1;
    }

    fn show(&self, against: Option<usize>) -> String {
        let kb = self.bytes as f64 / self.count as f64 / 1024.0;
        let psnr = self.psnr / self.count as f64;
        match against {
            Some(jpeg) => format!(
                "{kb:>6.1} KB {psnr:>4.1} dB {:>+4.0}%",
                (self.bytes as f64 / jpeg as f64 - 1.0) * 100.0
            ),
            None => format!("{kb:>6.1} KB {psnr:>4.1} dB"),
        }
    }
}

fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
    let squared: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
        .sum();
    let mse = squared / a.as_raw().len() as f64;
    if mse == 0.0 {
        return 99.0;
    }
    10.0 * (255.0f64 * 255.0 / mse).log10()
}
