//! What the speed examples share: the blocks they read, and each measure counts the thread's CPU
//! time, as a median.

use std::hint::black_box;

/// MB per CPU-second of `work` over `mb` megabytes: the median of `rounds` runs.
pub fn median_rate(rounds: usize, mb: f64, mut work: impl FnMut() -> usize) -> f64 {
    let mut rates: Vec<f64> = (0..rounds.max(1))
        .map(|_| {
            let start = cpu_seconds();
            black_box(work());
            mb / (cpu_seconds() - start)
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// This thread's CPU time: other processes on the machine do not count against a measure.
pub fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write to; the clock id is a constant.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// The blocks of a BLOCKS.jsonl file (one JSON string of code a line, as
/// `bench/highlight_vs_pygments.py --write-blocks` writes them), and their size in MB.
pub fn read_blocks(file: &str) -> (Vec<String>, f64) {
    let text = std::fs::read_to_string(file).expect("a blocks file");
    let blocks: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON string"))
        .collect();
    let mb = blocks.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    (blocks, mb)
}
