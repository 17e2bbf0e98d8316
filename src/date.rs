//! A page's dates (`date:`, `modified:`, git's), parsed once and formatted one way everywhere:
//! `rfc3339` for the feed, OpenGraph and `<time datetime>`, `day` for the sitemap and
//! "Last updated", and the date as written (`Display`, `as_str`) where templates show it.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM[:SS]`, taken as UTC unless a zone follows
/// (`YYYY-MM-DD HH:MM[:SS]±HH:MM`, a valid HTML `datetime` as it is), or the site's
/// `timezone:` gives one. Held as that text, what templates show, with the offset apart (a day
/// alone shows none but has one in a zone): dates order by the instant they name.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Date {
    text: Arc<str>,
    /// Minutes east of UTC, when written or given by the site's zone.
    offset: Option<i32>,
}

impl Ord for Date {
    /// By instant (`10:00+02:00` is before `09:00` UTC), then as written.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.instant().cmp(&other.instant()))
            .then_with(|| self.text.cmp(&other.text))
            .then_with(|| self.offset.cmp(&other.offset))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A zone of the tz database by name (`Europe/Paris`), as Pelican's TIMEZONE names them: the
/// system's (/usr/share/zoneinfo), which Python's zoneinfo reads for Pelican too; a copy bundled
/// with quire where the system has none (Windows). Bundling it everywhere cost 434 KB.
pub(crate) fn zone(name: &str) -> Option<jiff::tz::TimeZone> {
    jiff::tz::db().get(name).ok()
}

/// The zone names the database knows, for "did you mean" about one it does not.
pub(crate) fn zone_names() -> Vec<String> {
    (jiff::tz::db().available())
        .map(|n| n.as_str().to_string())
        .collect()
}

/// What to write for a zone the database does not know: the nearest name (`Europe/Pari`,
/// `paris` → `Europe/Paris`), and what a name looks like.
pub(crate) fn zone_hint(name: &str) -> String {
    let names = zone_names();
    let lower = name.to_ascii_lowercase();
    let city = |n: &String| n.rsplit('/').next().unwrap_or(n).to_ascii_lowercase();
    let near = (names.iter().find(|n| city(n) == lower.replace(' ', "_"))).or_else(|| {
        (names.iter())
            .map(|n| {
                (
                    strsim::damerau_levenshtein(&lower, &n.to_ascii_lowercase()),
                    n,
                )
            })
            .filter(|(d, n)| *d <= n.len() / 4 + 1)
            .min()
            .map(|(_, n)| n)
    });
    let names = "write a name of the tz database, e.g. `Europe/Paris`, `America/New_York` or `UTC`";
    match near {
        Some(n) => format!("did you mean `{n}`? {names}"),
        None => names.to_string(),
    }
}

/// The offset, in minutes east of UTC, of a wall-clock time in `zone`. A time that does not
/// exist (skipped when clocks go forward) or exists twice (when they go back) takes the offset
/// before the change, as Python's zoneinfo does for Pelican.
fn offset_in(zone: &jiff::tz::TimeZone, civil: (i64, i64, i64, i64, i64, i64)) -> Option<i32> {
    use jiff::tz::AmbiguousOffset;
    let (y, m, d, h, mi, s) = civil;
    let dt = jiff::civil::DateTime::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
        i8::try_from(h).ok()?,
        i8::try_from(mi).ok()?,
        i8::try_from(s).ok()?,
        0,
    )
    .ok()?;
    let offset = match zone.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
    };
    Some(offset.seconds() / 60)
}

/// The forms [`Date::parse`] reads, for messages about one it does not.
pub(crate) const FORMS: &str = "write dates as Pelican reads them, e.g. 2017-03-28, 2017-03-28 14:30 (or 7:45, :SS, T between, a zone: Z, +02:00), 2017/03/28, 28.03.2017, 03/28/2017, 28 March 2017, March 28, 2017 7:45 PM";

impl Date {
    /// The one parser of written dates, reading what Pelican reads (Python's
    /// `dateutil.parser.parse`) in the forms people write: a day as `2017-03-28` (also `/` or
    /// `.` between, one-digit months and days, `20170328`), `03/28/2017` and `28.03.2017`
    /// (month first unless the first number cannot be one, as dateutil), or with an English
    /// month name in either order (`28 March 2017`, `Mar 28th, 2017`, `28-Mar-2017`), a
    /// weekday ignored; then, before or after it, an optional time `H:MM[:SS[.fraction]]` (one
    /// digit hours and minutes; fractions dropped) or `7 PM`, with AM/PM, and a zone (`Z`, `UTC`,
    /// `GMT`, `+02:00`, `+0200`, `+02`). Whitespace of any kind and `_`, `T`, `,`, `at`, `on`
    /// part them. `None` for anything else, or for a day or time that does not exist. A date
    /// without its day (`March 2017`, `2017-03`) or month (`2017`) is the first of them: see
    /// [`Date::parse_noting_filled`].
    pub(crate) fn parse(text: &str) -> Option<Date> {
        Date::parse_noting_filled(text).map(|(d, _)| d)
    }

    /// [`Date::parse`], and whether the day (or month) was not written and is the first: Pelican
    /// (dateutil) takes today's, so that the date would change from one build to the next.
    pub(crate) fn parse_noting_filled(text: &str) -> Option<(Date, bool)> {
        let tokens = tokens(text)?;
        let mut read = Reading::default();
        let mut i = 0;
        while i < tokens.len() {
            i = read.token(&tokens, i)?;
        }
        read.date()
    }

    /// Seconds since 1970 as `YYYY-MM-DD HH:MM:SS` in UTC (Howard Hinnant's days-to-civil).
    pub(crate) fn from_unix(seconds: i64) -> Date {
        Date::new(civil_text(seconds), None)
    }

    /// Seconds since 1970 as the clock in `zone` shows them, with its offset
    /// (`2024-03-05 10:00:00+01:00`); in UTC, as [`Date::from_unix`], without one.
    pub(crate) fn at_instant(seconds: i64, zone: Option<&jiff::tz::TimeZone>) -> Date {
        let Some(zone) = zone else {
            return Date::from_unix(seconds);
        };
        let offset = jiff::Timestamp::from_second(seconds)
            .map(|t| zone.to_offset(t).seconds() / 60)
            .unwrap_or(0);
        let local = civil_text(seconds + i64::from(offset) * 60);
        Date::new(format!("{local}{}", offset_text(offset)), Some(offset))
    }

    /// The date in `zone` when written without one, as Pelican reads dates in its TIMEZONE:
    /// `2017-03-15 07:45` in Europe/Paris is `2017-03-15 07:45+01:00`; a day alone keeps its
    /// text and has the offset of its midnight.
    pub(crate) fn in_zone(self, zone: &jiff::tz::TimeZone) -> Date {
        if self.offset.is_some() {
            return self;
        }
        let Some(offset) = offset_in(zone, self.civil()) else {
            return self;
        };
        let text = match self.text.contains(' ') {
            true => format!("{}{}", self.text, offset_text(offset)),
            false => self.text.to_string(),
        };
        Date::new(text, Some(offset))
    }

    fn new(text: String, offset: Option<i32>) -> Date {
        Date {
            text: text.into(),
            offset,
        }
    }

    /// Year, month, day, hour, minute, second, as written.
    fn civil(&self) -> (i64, i64, i64, i64, i64, i64) {
        let num = |range: std::ops::Range<usize>| {
            (self.text.get(range)).and_then(|t| t.parse::<i64>().ok())
        };
        let field = |range| num(range).unwrap_or(0);
        (
            field(0..4),
            field(5..7),
            field(8..10),
            field(11..13),
            field(14..16),
            // `HH:MM` has no seconds; `HH:MM+01:00` has a zone where they would be.
            match self.text.as_bytes().get(16) {
                Some(b':') => field(17..19),
                _ => 0,
            },
        )
    }

    /// Seconds since 1970 of the instant the date names (a day: its midnight; no zone: UTC).
    fn instant(&self) -> i64 {
        let (y, m, d, h, mi, s) = self.civil();
        days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s
            - i64::from(self.offset.unwrap_or(0)) * 60
    }
}

/// `+01:00`, `-05:30`.
fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Days since 1970-01-01 of a civil day (Howard Hinnant's days-from-civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since 1970 as `YYYY-MM-DD HH:MM:SS` (Howard Hinnant's days-to-civil).
fn civil_text(seconds: i64) -> String {
    {
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
        format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl Date {
    /// As written (normalized): `2017-03-28` or `2017-03-28 14:30`; what templates show.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The day alone, `2017-03-28`: the sitemap's lastmod and "Last updated".
    pub(crate) fn day(&self) -> &str {
        self.text.split(' ').next().unwrap_or(&self.text)
    }

    /// `2017` of `2017-03-28`: permalinks' `{date:%Y}`, as `month` (`03`) and `day_of_month`
    /// (`28`) are `{date:%m}` and `{date:%d}`. A parsed date always has the three.
    pub(crate) fn year(&self) -> &str {
        &self.text[0..4]
    }

    pub(crate) fn month(&self) -> &str {
        &self.text[5..7]
    }

    pub(crate) fn day_of_month(&self) -> &str {
        &self.text[8..10]
    }

    /// `2017-03-28T14:30:00Z`: for the feed, OpenGraph and `<time datetime>`. Times are
    /// taken as UTC unless written with a zone (`2017-03-28T14:30:00+02:00`); a day without a
    /// time is its midnight.
    pub(crate) fn rfc3339(&self) -> String {
        let (day, time) = self.text.split_once(' ').unwrap_or((&self.text, "00:00"));
        let time = &time[..time.find(['+', '-']).unwrap_or(time.len())];
        let zone = self.offset.map_or_else(|| "Z".to_string(), offset_text);
        let seconds = if time.len() == 5 { ":00" } else { "" };
        format!("{day}T{time}{seconds}{zone}")
    }
}

/// A piece of a written date: digits, a word, or one punctuation or space character.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Number(&'a str),
    Word(&'a str),
    Mark(char),
    Space,
}

/// `text` in tokens; runs of whitespace (and `_`, which Pelican reads as a space) are one
/// `Space`. `None` for a character no date has.
fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while let Some(c) = rest.chars().next() {
        let run = |f: fn(char) -> bool| rest.find(|c: char| !f(c)).unwrap_or(rest.len());
        let (token, len) = if c.is_ascii_digit() {
            let n = run(|c| c.is_ascii_digit());
            (Token::Number(&rest[..n]), n)
        } else if c.is_ascii_alphabetic() {
            let n = run(|c| c.is_ascii_alphabetic());
            (Token::Word(&rest[..n]), n)
        } else if c.is_whitespace() || c == '_' {
            (Token::Space, run(|c| c.is_whitespace() || c == '_'))
        } else if "-/.:,+".contains(c) {
            (Token::Mark(c), 1)
        } else {
            return None;
        };
        out.push(token);
        rest = &rest[len..];
    }
    Some(out)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A month's number from its English name or its first three letters (`Sept` too).
fn month_named(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && *m == "september")
    })?;
    Some(i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
}

/// What a written date has said so far.
#[derive(Default)]
struct Reading {
    /// Year, month and day, once a whole day was read (`2017-03-28`).
    day: Option<(u32, u32, u32)>,
    /// A month's name, and the loose numbers around it (`28`, `2017` of `28 March 2017`).
    month: Option<u32>,
    loose: Vec<(u32, usize)>,
    /// Hour, minute and second (if written).
    time: Option<(u32, u32, Option<u32>)>,
    /// `Some(true)` for PM.
    pm: Option<bool>,
    /// Minutes east of UTC.
    zone: Option<i32>,
    /// The day (or month) was not written: it is the first.
    filled: bool,
}

impl Reading {
    /// Reads the token at `i` (with those that belong to it), giving the index after them.
    fn token(&mut self, t: &[Token], i: usize) -> Option<usize> {
        let at = |k: usize| t.get(k).copied();
        match t[i] {
            Token::Number(n) => self.number(t, i, n),
            Token::Word(w) => {
                let lower = w.to_ascii_lowercase();
                match lower.as_str() {
                    "am" | "pm" if self.time.is_some() && self.pm.is_none() => {
                        self.pm = Some(lower == "pm")
                    }
                    "z" | "utc" | "gmt" if self.time.is_some() && self.zone.is_none() => {
                        self.zone = Some(0)
                    }
                    "t" | "at" | "on" | "of" | "st" | "nd" | "rd" | "th" => {}
                    _ if is_weekday(w) => {}
                    _ if self.month.is_none() && self.day.is_none() => {
                        self.month = Some(month_named(w)?)
                    }
                    _ => return None,
                }
                Some(i + 1)
            }
            Token::Mark('+' | '-') if self.time.is_some() && self.zone.is_none() => {
                let Some(Token::Number(n)) = at(i + 1) else {
                    return None;
                };
                let sign = if t[i] == Token::Mark('-') { -1 } else { 1 };
                let (hours, minutes, next) = match (n.len(), at(i + 2), at(i + 3)) {
                    (2, Some(Token::Mark(':')), Some(Token::Number(m))) if m.len() == 2 => {
                        (n, m, i + 4)
                    }
                    (4, ..) => (&n[..2], &n[2..], i + 2),
                    (2, ..) => (n, "0", i + 2),
                    _ => return None,
                };
                let (h, m): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
                if h > 23 || m > 59 {
                    return None;
                }
                self.zone = Some(sign * (h * 60 + m));
                Some(next)
            }
            Token::Mark(',' | '.') | Token::Space => Some(i + 1),
            Token::Mark(_) => None,
        }
    }

    /// A number: a time (`7:45`), a day (`2017-03-28`, `28.03.2017`, `28-Mar-2017`,
    /// `20170328`), an hour before AM/PM, or a loose number beside a month's name.
    fn number(&mut self, t: &[Token], i: usize, n: &str) -> Option<usize> {
        let at = |k: usize| t.get(k).copied();
        let value: u32 = n.parse().ok()?;
        if at(i + 1) == Some(Token::Mark(':')) {
            return self.time_at(t, i);
        }
        if let Some(Token::Mark(sep @ ('-' | '/' | '.'))) = at(i + 1) {
            if let (
                Some(middle @ (Token::Number(_) | Token::Word(_))),
                Some(Token::Mark(s2)),
                Some(Token::Number(last)),
            ) = (at(i + 2), at(i + 3), at(i + 4))
            {
                if s2 == sep && self.day.is_none() {
                    self.day = Some(day_of(n, middle, last)?);
                    return Some(i + 5);
                }
            }
        }
        // `2017-03`, `2017/03`: a month without its day.
        if let (4, Some(Token::Mark('-' | '/')), Some(Token::Number(m))) =
            (n.len(), at(i + 1), at(i + 2))
        {
            let more = matches!(at(i + 3), Some(Token::Mark('-' | '/' | '.')));
            if m.len() <= 2 && !more && self.day.is_none() && self.month.is_none() {
                self.day = Some((value, m.parse().ok()?, 1));
                self.filled = true;
                return Some(i + 3);
            }
        }
        if n.len() == 8 && self.day.is_none() && self.month.is_none() {
            let (y, m, d) = (&n[..4], &n[4..6], &n[6..]);
            self.day = Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?));
            return Some(i + 1);
        }
        // `7 PM`, `7PM`: an hour.
        let next_word = match (at(i + 1), at(i + 2)) {
            (Some(Token::Word(w)), _) | (Some(Token::Space), Some(Token::Word(w))) => Some(w),
            _ => None,
        };
        if let Some(w) =
            next_word.filter(|w| matches!(w.to_ascii_lowercase().as_str(), "am" | "pm"))
        {
            if self.time.is_some() || n.len() > 2 {
                return None;
            }
            self.time = Some((value, 0, None));
            self.pm = Some(w.eq_ignore_ascii_case("pm"));
            return Some(if at(i + 1) == Some(Token::Space) {
                i + 3
            } else {
                i + 2
            });
        }
        if self.loose.len() == 2 || n.len() > 4 {
            return None;
        }
        self.loose.push((value, n.len()));
        Some(i + 1)
    }

    /// `H:MM`, `H:MM:SS`, `H:MM:SS.fraction` at `i`.
    fn time_at(&mut self, t: &[Token], i: usize) -> Option<usize> {
        let at = |k: usize| t.get(k).copied();
        let two = |k: usize| match at(k) {
            Some(Token::Number(n)) if n.len() <= 2 => n.parse::<u32>().ok(),
            _ => None,
        };
        if self.time.is_some() {
            return None;
        }
        let hour = two(i)?;
        let minute = two(i + 2)?;
        let mut next = i + 3;
        let mut second = None;
        if at(next) == Some(Token::Mark(':')) {
            second = Some(two(next + 1)?);
            next += 2;
            if at(next) == Some(Token::Mark('.')) {
                let Some(Token::Number(_)) = at(next + 1) else {
                    return None;
                };
                next += 2;
            }
        }
        self.time = Some((hour, minute, second));
        Some(next)
    }

    /// The date read, if it is a whole, real one.
    fn date(mut self) -> Option<(Date, bool)> {
        let is_year = |n: (u32, usize)| n.1 == 4 || n.0 > 31;
        let (year, month, day) = match (self.day, self.month) {
            (Some(d), None) if self.loose.is_empty() => d,
            (None, Some(month)) => {
                // dateutil's reading: a number of four digits (or over 31) is the year, the
                // other the day; else the first is the day.
                let (y, d) = match self.loose[..] {
                    [a, b] if is_year(a) => (a, b.0),
                    [a, b] => (b, a.0),
                    [y] if is_year(y) => {
                        self.filled = true;
                        (y, 1)
                    }
                    _ => return None,
                };
                (full_year(y.0, y.1), month, d)
            }
            // A year alone.
            (None, None) if matches!(self.loose[..], [(_, 4)]) => {
                self.filled = true;
                (self.loose[0].0, 1, 1)
            }
            _ => return None,
        };
        if !(1..=days_in(year, month)?).contains(&day) || year > 9999 {
            return None;
        }
        let mut text = format!("{year:04}-{month:02}-{day:02}");
        if let Some((hour, minute, second)) = self.time {
            let hour = match self.pm {
                None => hour,
                Some(_) if !(1..=12).contains(&hour) => return None,
                Some(pm) => hour % 12 + if pm { 12 } else { 0 },
            };
            if hour > 23 || minute > 59 || second.is_some_and(|s| s > 59) {
                return None;
            }
            text.push_str(&format!(" {hour:02}:{minute:02}"));
            if let Some(s) = second {
                text.push_str(&format!(":{s:02}"));
            }
            if let Some(zone) = self.zone {
                text.push_str(&offset_text(zone));
            }
        }
        let offset = self.zone.filter(|_| self.time.is_some());
        Some((Date::new(text, offset), self.filled))
    }
}

/// A day written as three parts with one mark between them: year first when the first part
/// has four digits or cannot be a day (`2017-03-28`, `99-03-28`), else month first unless the
/// first cannot be a month (`03/28/2017`, `28.03.2017`), as dateutil reads them.
fn day_of(first: &str, middle: Token, last: &str) -> Option<(u32, u32, u32)> {
    let a: u32 = first.parse().ok()?;
    let c: u32 = last.parse().ok()?;
    let named = match middle {
        Token::Word(w) => Some(month_named(w)?),
        _ => None,
    };
    let b: u32 = match middle {
        Token::Number(n) if n.len() <= 2 => n.parse().ok()?,
        Token::Number(_) => return None,
        _ => named?,
    };
    if first.len() == 4 || a > 31 {
        return (last.len() <= 2).then(|| (full_year(a, first.len()), b, c));
    }
    if last.len() != 4 && last.len() != 2 {
        return None;
    }
    let year = full_year(c, last.len());
    Some(match named {
        Some(m) => (year, m, a),
        None if a > 12 => (year, b, a),
        None => (year, a, b),
    })
}

/// A year as written; two digits as dateutil reads them (within 50 years of 2026).
fn full_year(year: u32, digits: usize) -> u32 {
    if digits > 2 {
        return year;
    }
    let y = 2000 + year;
    if y >= 2076 {
        y - 100
    } else {
        y
    }
}

/// The days of a month, `None` for no month.
fn days_in(year: u32, month: u32) -> Option<u32> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As the text, quoted: the resume record's page digests hash a page's `Debug` form, which
/// must not change with the type that holds the date. A day in a zone shows its offset too
/// (the feed's date changes with the zone).
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) if !self.text.contains(' ') => {
                fmt::Debug::fmt(&format!("{}{}", self.text, offset_text(o)), f)
            }
            _ => fmt::Debug::fmt(&*self.text, f),
        }
    }
}

/// Templates see the date as written.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
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
            "2017-03-28 7:45 13 PM",
            "2017-03-28 2017-03-29",
            "28 March",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    /// Every form of tests/fixtures/dates/table.tsv (made by Python's dateutil, as Pelican
    /// reads dates) is read as Pelican reads it, or refused where Pelican refuses it.
    #[test]
    fn reads_as_pelican_does() {
        let table = include_str!("../tests/fixtures/dates/table.tsv");
        for line in table.lines() {
            let (form, pelican) = line.split_once('\t').unwrap();
            let (pelican, filled) = match pelican.split_once('\t') {
                Some((reading, note)) => (reading, note == "filled"),
                None => (pelican, false),
            };
            let form = form.replace("\\t", "\t");
            let ours =
                Date::parse_noting_filled(&form).map(|(d, f)| (d.rfc3339().replace('Z', ""), f));
            let theirs = (pelican != "error").then(|| (pelican.to_string(), filled));
            assert_eq!(ours, theirs, "{form:?}");
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(d("2017-03-28").rfc3339(), "2017-03-28T00:00:00Z");
        assert_eq!(d("2017-03-28 14:30").rfc3339(), "2017-03-28T14:30:00Z");
        assert_eq!(d("2017-03-28 14:30:05").rfc3339(), "2017-03-28T14:30:05Z");
        assert_eq!(
            d("2017-03-28T14:30+0200").rfc3339(),
            "2017-03-28T14:30:00+02:00"
        );
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
