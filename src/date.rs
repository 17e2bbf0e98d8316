//! A page's dates (`date:`, `modified:`, git's), parsed once and formatted one way everywhere:
//! `rfc3339` for the feed, OpenGraph and `<time datetime>`, `day` for the sitemap and
//! "Last updated", and the date as written (`Display`, `as_str`) where templates show it.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM[:SS]`, taken as UTC. Held as that text, so dates
/// order as text does (ISO dates sort as text), and `Debug` shows the text as a string does.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date(Arc<str>);

impl Date {
    /// The one parser of written dates: `YYYY-MM-DD` with an optional time (`HH:MM` or
    /// `HH:MM:SS`, after a space or `T`), surrounding space trimmed; `None` for anything else.
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let (date, time) = match t.find([' ', 'T']) {
            Some(i) => (&t[..i], Some(t[i + 1..].trim())),
            None => (t, None),
        };
        let parts: Vec<&str> = date.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return None;
        }
        let digits = |p: &&str| p.bytes().all(|b| b.is_ascii_digit());
        if !parts.iter().all(digits) {
            return None;
        }
        let nums: Vec<u32> = parts
            .iter()
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        let (year, month, day) = (nums[0], nums[1], nums[2]);
        // A real calendar day: it goes into `<time datetime>`, which must be one.
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if !(1..=days).contains(&day) {
            return None;
        }
        if let Some(time) = time {
            let tparts: Vec<&str> = time.split(':').collect();
            let ok =
                (2..=3).contains(&tparts.len()) && tparts.iter().all(|p| p.len() == 2 && digits(p));
            let limits = [24, 60, 60];
            if !ok
                || tparts
                    .iter()
                    .zip(limits)
                    .any(|(p, max)| p.parse::<u32>().map_or(true, |n| n >= max))
            {
                return None;
            }
            return Some(Date(format!("{date} {time}").into()));
        }
        Some(Date(date.into()))
    }

    /// Seconds since 1970 as `YYYY-MM-DD HH:MM:SS` in UTC (Howard Hinnant's days-to-civil).
    pub(crate) fn from_unix(seconds: i64) -> Date {
        let days = seconds.div_euclid(86_400);
        let secs = seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date(
            format!(
                "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            )
            .into(),
        )
    }

    /// As written (normalized): `2017-03-28` or `2017-03-28 14:30`; what templates show.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The day alone, `2017-03-28`: the sitemap's lastmod and "Last updated".
    pub(crate) fn day(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }

    /// `2017` of `2017-03-28`: permalinks' `{date:%Y}`, as `month` (`03`) and `day_of_month`
    /// (`28`) are `{date:%m}` and `{date:%d}`. A parsed date always has the three.
    pub(crate) fn year(&self) -> &str {
        &self.0[0..4]
    }

    pub(crate) fn month(&self) -> &str {
        &self.0[5..7]
    }

    pub(crate) fn day_of_month(&self) -> &str {
        &self.0[8..10]
    }

    /// `2017-03-28T14:30:00Z`: for the feed, OpenGraph and `<time datetime>`. Times are
    /// taken as UTC; a day without a time is its midnight.
    pub(crate) fn rfc3339(&self) -> String {
        match self.0.split_once(' ') {
            Some((day, time)) if time.len() == 5 => format!("{day}T{time}:00Z"),
            Some((day, time)) => format!("{day}T{time}Z"),
            None => format!("{}T00:00:00Z", self.0),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// As the text, quoted: the resume record's page digests hash a page's `Debug` form, which
/// must not change with the type that holds the date.
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// Templates see the date as written.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses() {
        assert_eq!(d("2017-03-28").as_str(), "2017-03-28");
        assert_eq!(d(" 2017-03-28 14:30 ").as_str(), "2017-03-28 14:30");
        assert_eq!(d("2017-03-28T14:30:05").as_str(), "2017-03-28 14:30:05");
        assert_eq!(Date::parse("2017-13-01"), None);
        assert_eq!(d("2024-02-29").as_str(), "2024-02-29");
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-04-31",
            "2024-01-01 99:99",
            "2024-01-01 24:00",
            "2024-01-01 12:60:00",
            "2024-+1-01",
            "March 3",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(d("2017-03-28").rfc3339(), "2017-03-28T00:00:00Z");
        assert_eq!(d("2017-03-28 14:30").rfc3339(), "2017-03-28T14:30:00Z");
        assert_eq!(d("2017-03-28 14:30:05").rfc3339(), "2017-03-28T14:30:05Z");
    }

    #[test]
    fn day_and_display() {
        assert_eq!(d("2017-03-28").day(), "2017-03-28");
        let t = d("2017-03-28 14:30");
        assert_eq!(
            (t.year(), t.month(), t.day_of_month()),
            ("2017", "03", "28")
        );
        assert_eq!(d("2017-03-28 14:30").day(), "2017-03-28");
        assert_eq!(d("2017-03-28 14:30").to_string(), "2017-03-28 14:30");
        assert_eq!(d("2017-03-28").to_string(), "2017-03-28");
        assert_eq!(
            serde_json::to_value(d("2017-03-28 14:30")).unwrap(),
            "2017-03-28 14:30"
        );
    }

    #[test]
    fn debug_is_the_texts() {
        // Page digests (build/prior.rs) hash `{page:?}`: a date shows as its string did.
        let s: Option<String> = Some("2017-03-28 14:30".into());
        assert_eq!(
            format!("{:?}", Some(d("2017-03-28 14:30"))),
            format!("{s:?}")
        );
    }

    #[test]
    fn orders_as_text() {
        assert!(d("2017-03-28") < d("2017-03-28 00:01"));
        assert!(d("2017-03-28 23:59") < d("2018-01-01"));
    }

    #[test]
    fn from_unix() {
        assert_eq!(Date::from_unix(0).as_str(), "1970-01-01 00:00:00");
        assert_eq!(
            Date::from_unix(1_767_225_600).as_str(),
            "2026-01-01 00:00:00"
        );
        assert_eq!(
            Date::from_unix(951_782_400 + 3_723).as_str(),
            "2000-02-29 01:02:03"
        );
    }
}
