//! Decompression bombs: a few bytes declaring billions of pixels are refused from their
//! header, before anything the size of their pixels is allocated. The allocator of this
//! test binary counts, so the test sees what a decode would have taken.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use warraq_media::{UploadError, UploadLimits, process_upload};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the most memory it held at once beyond what was
/// live before.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let result = f();
    (result, PEAK.load(Ordering::SeqCst) - before)
}

/// One test in this binary, so no other test allocates while it measures.
#[test]
fn bombs_are_refused_from_their_header_without_allocating_their_pixels() {
    let limits = UploadLimits::default();
    let small_jpeg = jpeg_of(&quarters(64, 48));
    let cases = [
        (
            "PNG 100000×100000",
            png_declaring(100_000, 100_000),
            "the PNG image is 100000×100000 pixels, more than allowed (12000 pixels a side); \
             its pixels were not decoded",
        ),
        (
            "PNG 8000×8000",
            png_declaring(8_000, 8_000),
            "the PNG image is 8000×8000 pixels, more than allowed (40000000 pixels); \
             its pixels were not decoded",
        ),
        (
            "JPEG 65000×65000",
            jpeg_declaring(&small_jpeg, 65_000, 65_000),
            "the JPEG image is 65000×65000 pixels, more than allowed (12000 pixels a side); \
             its pixels were not decoded",
        ),
    ];
    for (name, bytes, message) in cases {
        assert!(bytes.len() < 2_000, "{name} is a small file");
        let (result, peak) = peak_during(|| process_upload(&bytes, &limits));
        let error = result.map(|p| p.width).expect_err(name);
        assert!(
            matches!(error, UploadError::TooManyPixels { .. }),
            "{name}: {error}"
        );
        assert_eq!(error.to_string(), message);
        assert_eq!(error.http_status(), 413);
        // Its pixels would take gigabytes (8000² × 3 = 192 MB for the smallest); reading a
        // header takes a copy of the file and a few buffers.
        assert!(peak < 1024 * 1024, "{name}: {peak} bytes allocated");
    }

    // The measure sees a decode: a real 1000×1000 picture holds its 3 MB of pixels.
    let real = png_of(&quarters(1000, 1000));
    let (result, peak) = peak_during(|| process_upload(&real, &limits));
    assert!(result.is_ok());
    assert!(peak > 3_000_000, "{peak} bytes allocated");
}
