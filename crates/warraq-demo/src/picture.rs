//! Pictures drawn by code, so the demo needs no download and carries no one's photographs:
//! a soft gradient in the section's colours with a few discs and a horizon band, laid out
//! from a seed so the same article always gets the same picture.

use image::codecs::jpeg::JpegEncoder;
use image::{ImageError, RgbImage};

/// Good enough for a 1600-pixel hero without visible banding, at a fraction of the size
/// of quality 95.
const JPEG_QUALITY: u8 = 82;

/// A hero picture's size: the widest rendition the site serves, 16:9.
pub const HERO_SIZE: (u32, u32) = (1600, 900);
/// A picture inside an article body: 4:3, as photos in the text column usually are.
pub const INLINE_SIZE: (u32, u32) = (1200, 900);

/// The two colours a section's pictures are drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub base: [u8; 3],
    pub accent: [u8; 3],
}

/// What to draw: colours, layout seed and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureSpec {
    pub palette: Palette,
    pub seed: u64,
    pub width: u32,
    pub height: u32,
}

/// An encoded JPEG and its dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A stable 64-bit seed for `text` (FNV-1a): the std hasher may change between releases,
/// and a demo article must keep its picture.
pub fn seed_for(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Draws the picture and encodes it as a baseline JPEG.
pub fn render_jpeg(spec: &PictureSpec) -> Result<Picture, ImageError> {
    let canvas = draw(spec);
    let mut bytes = Vec::with_capacity((spec.width * spec.height / 8) as usize);
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(&canvas)?;
    Ok(Picture {
        bytes,
        width: spec.width,
        height: spec.height,
    })
}

/// A person's photo: square, larger than the 6rem it is shown at on any screen.
pub const PORTRAIT_SIZE: (u32, u32) = (600, 600);

/// The colours portraits are drawn in (a studio backdrop and the figure).
pub const PORTRAIT_PALETTE: Palette = Palette {
    base: [122, 31, 31],
    accent: [243, 217, 164],
};

/// Draws a portrait (no one's likeness: a silhouette, head and shoulders, on a soft
/// backdrop whose light comes from a side chosen by the seed) and encodes it as a JPEG.
pub fn render_portrait_jpeg(spec: &PictureSpec) -> Result<Picture, ImageError> {
    let canvas = draw_portrait(spec);
    let mut bytes = Vec::with_capacity((spec.width * spec.height / 8) as usize);
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(&canvas)?;
    Ok(Picture {
        bytes,
        width: spec.width,
        height: spec.height,
    })
}

fn draw_portrait(spec: &PictureSpec) -> RgbImage {
    let mut rng = SplitMix(spec.seed);
    let (w, h) = (spec.width as f32, spec.height as f32);
    let light_from_left = rng.below(2) == 0;
    let head = (
        w * (0.46 + 0.08 * rng.unit()),
        h * 0.4,
        w * (0.16 + 0.03 * rng.unit()),
    );
    let shoulders = (head.0, h * 1.02, w * (0.36 + 0.06 * rng.unit()), h * 0.36);
    let backdrop_light = mix(spec.palette.base, [255, 255, 255], 0.35);
    let backdrop_dark = scale(spec.palette.base, 0.55);
    let figure = mix(
        spec.palette.accent,
        spec.palette.base,
        0.2 + 0.3 * rng.unit(),
    );
    RgbImage::from_fn(spec.width, spec.height, |x, y| {
        let (px, py) = (x as f32, y as f32);
        let across = if light_from_left {
            px / w
        } else {
            1.0 - px / w
        };
        let mut pixel = mix_fixed(backdrop_light, backdrop_dark, across * 0.8 + py / h * 0.2);
        let in_head = (px - head.0).powi(2) + (py - head.1).powi(2) <= head.2 * head.2;
        let in_shoulders = ((px - shoulders.0) / shoulders.2).powi(2)
            + ((py - shoulders.1) / shoulders.3).powi(2)
            <= 1.0;
        if in_head || in_shoulders {
            pixel = mix_fixed(figure, backdrop_dark, across * 0.35);
        }
        image::Rgb(pixel)
    })
}

struct Disc {
    x: f32,
    y: f32,
    radius: f32,
    strength: f32,
}

fn draw(spec: &PictureSpec) -> RgbImage {
    let mut rng = SplitMix(spec.seed);
    let (w, h) = (spec.width as f32, spec.height as f32);
    let angle = rng.unit() * std::f32::consts::TAU;
    let (dx, dy) = (angle.cos(), angle.sin());
    let span = dx.abs() * w + dy.abs() * h;
    let origin = (
        if dx < 0.0 { w } else { 0.0 },
        if dy < 0.0 { h } else { 0.0 },
    );
    let horizon = h * (0.55 + 0.25 * rng.unit());
    let discs: Vec<Disc> = (0..3 + rng.below(3))
        .map(|_| Disc {
            x: rng.unit() * w,
            y: rng.unit() * horizon,
            radius: h * (0.12 + 0.3 * rng.unit()),
            strength: 0.35 + 0.4 * rng.unit(),
        })
        .collect();
    let dark = scale(spec.palette.base, 0.45);
    let light = mix(spec.palette.base, [255, 255, 255], 0.25);

    // Row by row in fixed point, touching only the pixels a disc covers: drawing must cost
    // less than encoding, even in unoptimised test builds.
    let step = dx / span;
    let mut pixels = vec![0u8; spec.width as usize * spec.height as usize * 3];
    for (y, row) in pixels.chunks_exact_mut(spec.width as usize * 3).enumerate() {
        let py = y as f32;
        // Below the horizon everything darkens; folding it into the gradient weight keeps
        // one pass: mixing towards `dark` twice is one mix with a larger weight.
        let shade = if py > horizon {
            0.5 + 0.4 * ((py - horizon) / (h - horizon + 1.0)).min(1.0)
        } else {
            0.0
        };
        let mut t = ((0.0 - origin.0) * dx + (py - origin.1) * dy) / span;
        for pixel in row.chunks_exact_mut(3) {
            let weight = t.clamp(0.0, 1.0);
            pixel.copy_from_slice(&mix_fixed(light, dark, weight + shade * (1.0 - weight)));
            t += step;
        }
        for disc in &discs {
            let ey = py - disc.y;
            let reach_squared = disc.radius * disc.radius - ey * ey;
            if reach_squared <= 0.0 {
                continue;
            }
            let reach = reach_squared.sqrt();
            let first = (disc.x - reach).max(0.0) as usize;
            let last = ((disc.x + reach).ceil() as usize).min(spec.width as usize);
            for (offset, pixel) in row[first * 3..last * 3].chunks_exact_mut(3).enumerate() {
                let ex = (first + offset) as f32 - disc.x;
                let distance = (ex * ex + ey * ey).sqrt();
                // A soft edge reads as out-of-focus light rather than clip art.
                let edge = ((disc.radius - distance) / (disc.radius * 0.2)).clamp(0.0, 1.0);
                let blended = mix_fixed(
                    [pixel[0], pixel[1], pixel[2]],
                    spec.palette.accent,
                    disc.strength * edge,
                );
                pixel.copy_from_slice(&blended);
            }
        }
    }
    RgbImage::from_raw(spec.width, spec.height, pixels).unwrap_or_default()
}

/// `a` moved towards `b` by `t` (0..=1), in 8-bit fixed point.
fn mix_fixed(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let weight = (t * 256.0) as i32;
    let channel =
        |i: usize| (i32::from(a[i]) + (((i32::from(b[i]) - i32::from(a[i])) * weight) >> 8)) as u8;
    [channel(0), channel(1), channel(2)]
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let channel =
        |i: usize| (f32::from(a[i]) + (f32::from(b[i]) - f32::from(a[i])) * t).round() as u8;
    [channel(0), channel(1), channel(2)]
}

fn scale(c: [u8; 3], factor: f32) -> [u8; 3] {
    c.map(|v| (f32::from(v) * factor).round() as u8)
}

/// SplitMix64: tiny, deterministic, good enough to place shapes.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: PictureSpec = PictureSpec {
        palette: Palette {
            base: [20, 60, 120],
            accent: [240, 180, 40],
        },
        seed: 7,
        width: 320,
        height: 180,
    };

    #[test]
    fn rendered_pictures_decode_as_jpeg_of_the_requested_size() {
        let picture = render_jpeg(&SPEC).expect("render");
        assert_eq!(
            image::guess_format(&picture.bytes).expect("format"),
            image::ImageFormat::Jpeg
        );
        let decoded = image::load_from_memory(&picture.bytes).expect("decode");
        assert_eq!((decoded.width(), decoded.height()), (320, 180));
    }

    #[test]
    fn the_same_seed_draws_the_same_picture_and_another_seed_a_different_one() {
        let first = render_jpeg(&SPEC).expect("render");
        assert_eq!(first, render_jpeg(&SPEC).expect("render"));
        let other = render_jpeg(&PictureSpec { seed: 8, ..SPEC }).expect("render");
        assert_ne!(first.bytes, other.bytes);
    }

    #[test]
    fn portraits_are_square_jpegs_and_differ_by_seed() {
        let spec = PictureSpec {
            palette: PORTRAIT_PALETTE,
            seed: 3,
            width: 120,
            height: 120,
        };
        let first = render_portrait_jpeg(&spec).expect("render");
        let decoded = image::load_from_memory(&first.bytes).expect("decode");
        assert_eq!((decoded.width(), decoded.height()), (120, 120));
        let other = render_portrait_jpeg(&PictureSpec { seed: 4, ..spec }).expect("render");
        assert_ne!(first.bytes, other.bytes);
    }

    #[test]
    fn seeds_are_stable_across_runs() {
        assert_eq!(seed_for(""), 0xcbf2_9ce4_8422_2325);
        assert_ne!(seed_for("asia-a"), seed_for("asia-b"));
    }
}
