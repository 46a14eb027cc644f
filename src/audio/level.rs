//! Decibels: the range every level is kept in, conversions to it, and
//! percentiles of levels in fixed memory. Depends on nothing.

/// Level of digital silence, and the lowest level any figure reports (dBFS).
pub const SILENT_DB: f32 = -120.0;
/// Highest frame level recorded; float WAVs may go past full scale.
pub(super) const MAX_DB: f32 = 60.0;
/// Percentile of the candidate frames taken as the speech level (the\n/// analysis and the syllable count both use it).
pub(super) const SPEECH_PERCENTILE: f64 = 0.90;

/// Converts a linear magnitude to dBFS, no lower than [`SILENT_DB`].
pub fn to_db(linear: f32) -> f32 {
    clamp_db(20.0 * linear.log10())
}

/// Converts a mean power to dB, within [`SILENT_DB`]..`MAX_DB`. Three times
/// a frame, so not through libm's `log10f` (a tenth of the whole analysis
/// of a long file): the exponent from the bits, and the mantissa's
/// logarithm as 2·atanh((m − 1)/(m + 1)) to four odd terms, within 2·10⁻⁵
/// of log2 (10⁻⁴ dB).
pub(super) fn power_db(power: f32) -> f32 {
    // Zero, negative, NaN and subnormal powers are far below SILENT_DB.
    if power.is_nan() || power < f32::MIN_POSITIVE {
        return SILENT_DB;
    }
    if power == f32::INFINITY {
        return MAX_DB;
    }
    let bits = power.to_bits();
    let exponent = ((bits >> 23) as i32 - 127) as f32;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let ln_m = 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0))));
    let log2 = exponent + ln_m * std::f32::consts::LOG2_E;
    clamp_db(log2 * (10.0 * std::f32::consts::LOG10_2))
}

/// Keeps a level within [`SILENT_DB`]..`MAX_DB`; NaN (from a corrupt float
/// file) is silence.
pub(super) fn clamp_db(db: f32) -> f32 {
    if db.is_nan() {
        SILENT_DB
    } else {
        db.clamp(SILENT_DB, MAX_DB)
    }
}

/// Levels counted in 0.1 dB bins from [`SILENT_DB`] to `MAX_DB`: percentiles
/// in one pass and fixed memory, however long the recording.
pub(super) struct Histogram {
    bins: Vec<u32>,
    count: u64,
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram {
            bins: vec![0; ((MAX_DB - SILENT_DB) * 10.0) as usize + 1],
            count: 0,
        }
    }
}

impl Histogram {
    pub(super) fn add(&mut self, db: f32) {
        let i = ((db.clamp(SILENT_DB, MAX_DB) - SILENT_DB) * 10.0).round() as usize;
        if let Some(b) = self.bins.get_mut(i) {
            *b += 1;
            self.count += 1;
        }
    }

    /// The level below which a fraction `p` of the values lie.
    pub(super) fn percentile(&self, p: f64) -> Option<f32> {
        if self.count == 0 {
            return None;
        }
        let rank = ((p * self.count as f64).ceil() as u64).clamp(1, self.count);
        let mut seen = 0u64;
        for (i, &b) in self.bins.iter().enumerate() {
            seen += u64::from(b);
            if seen >= rank {
                return Some(SILENT_DB + i as f32 / 10.0);
            }
        }
        None
    }
}
