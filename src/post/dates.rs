//! Every date shape real blogs use, and dates taken from paths.

use std::fmt;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// A post date as written: a day, or a day and time, with an offset when one was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostDate {
    /// The local date and time (midnight for a bare date).
    pub local: NaiveDateTime,
    /// The UTC offset, when the text gave one.
    pub offset: Option<FixedOffset>,
    /// Whether the text gave a time of day.
    pub has_time: bool,
}

impl PostDate {
    /// The instant, taking a missing offset as UTC (what Hugo does without a configured zone).
    pub fn instant(&self) -> DateTime<Utc> {
        let offset = self.offset.unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"));
        offset.from_local_datetime(&self.local).single().map_or_else(|| Utc.from_utc_datetime(&self.local), |d| d.with_timezone(&Utc))
    }

    /// A bare day.
    pub fn day(date: NaiveDate) -> Self {
        PostDate { local: date.and_time(NaiveTime::MIN), offset: None, has_time: false }
    }

    /// The date in a strftime format; a format chrono cannot use falls back to `YYYY-MM-DD`.
    pub fn format(&self, fmt: &str) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        match write!(out, "{}", self.local.format(fmt)) {
            Ok(()) => out,
            Err(_) => self.to_string(),
        }
    }

    /// RFC 3339 text when there is a time, `YYYY-MM-DD` otherwise: for JSON and new front matter.
    pub fn to_rfc3339(&self) -> String {
        match (self.has_time, self.offset) {
            (false, _) => self.local.format("%Y-%m-%d").to_string(),
            (true, Some(off)) => format!("{}{}", self.local.format("%Y-%m-%dT%H:%M:%S"), off),
            (true, None) => self.local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }
}

impl PartialOrd for PostDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PostDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant().cmp(&other.instant()).then(self.local.cmp(&other.local))
    }
}

impl fmt::Display for PostDate {
    /// `YYYY-MM-DD`, the form lists show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        let date = self.local.date();
        match date.year() {
            // As `%Y-%m-%d` gives it, without parsing the format for every post of a list.
            year @ 0..=9999 => write!(f, "{year:04}-{:02}-{:02}", date.month(), date.day()),
            _ => write!(f, "{}", self.local.format("%Y-%m-%d")),
        }
    }
}

/// Parses the date shapes of Hugo, Jekyll and Zola front matter: RFC 3339, `2014-12-10`,
/// `2014-12-10 10:00:00 +0100`, `2014-12-10 10:00`, an unpadded hour, `Z`/`UTC` suffixes.
pub fn parse(text: &str) -> Option<PostDate> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    let (date_part, rest) = split_date(text)?;
    let date = parse_day(date_part)?;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(PostDate::day(date));
    }
    let (time_part, zone) = split_time(rest);
    let time = parse_time(time_part)?;
    let offset = match zone.trim() {
        "" => None,
        z => Some(parse_offset(z)?),
    };
    Some(PostDate { local: date.and_time(time), offset, has_time: true })
}

fn split_date(text: &str) -> Option<(&str, &str)> {
    let end = text.char_indices().filter(|(_, c)| *c == '-').nth(1).map(|(i, _)| i)?;
    let day_len = text[end + 1..].chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&day_len).then(|| text.split_at(end + 1 + day_len))
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn split_time(text: &str) -> (&str, &str) {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ',')).unwrap_or(text.len());
    text.split_at(end)
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let (s, nanos) = match parts.next() {
        Some(sec) => {
            let (whole, frac) = sec.split_once(['.', ',']).unwrap_or((sec, ""));
            let digits: String = frac.chars().take(9).collect();
            let nanos = if digits.is_empty() { 0 } else { format!("{digits:0<9}").parse().ok()? };
            (whole.parse().ok()?, nanos)
        }
        None => (0, 0),
    };
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
}

fn parse_offset(zone: &str) -> Option<FixedOffset> {
    let zone = zone.trim();
    if ["Z", "z", "UTC", "GMT"].contains(&zone) {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    // Only ASCII digits from here on, so the byte slices below cut between characters.
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// A date in a path: Jekyll `YYYY-MM-DD-slug.md`, Zola `YYYY-MM-DD-slug/index.md`, or folders
/// `YYYY/MM/DD/` as in Hugo's `content/2017/05/09/post.md` and Zola's `path = "2023/01/10/slug"`.
pub fn from_path(path: &Path) -> Option<PostDate> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    for name in parts.iter().rev().take(2) {
        if let Some(date) =
            name.get(..10).filter(|_| name.as_bytes().get(10).is_none_or(|b| !b.is_ascii_digit())).and_then(parse_strict_day)
        {
            return Some(PostDate::day(date));
        }
    }
    parts.windows(3).rev().find_map(|w| {
        let (y, m, d) = (w[0], w[1], w[2].get(..2).unwrap_or(w[2]));
        let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if all_digits(y, 4) && all_digits(m, 2) && all_digits(d, 2) {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).map(PostDate::day)
        } else {
            None
        }
    })
}

fn parse_strict_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shaped.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// Strips a Jekyll `YYYY-MM-DD-` prefix from a file stem.
pub fn strip_date_prefix(stem: &str) -> &str {
    match stem.get(..11) {
        Some(prefix) if prefix.ends_with('-') && parse_strict_day(&prefix[..10]).is_some() => &stem[11..],
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymdhm(d: &PostDate) -> String {
        d.local.format("%Y-%m-%d %H:%M:%S").to_string()
    }

    #[test]
    fn a_date_shows_as_strftime_would_show_it() {
        for (y, m, d) in [(2017, 5, 9), (1, 1, 1), (999, 12, 31), (9999, 1, 2), (10000, 3, 4), (-44, 3, 15)] {
            let date = PostDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
            assert_eq!(date.to_string(), date.local.format("%Y-%m-%d").to_string(), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn rfc3339_with_offset() {
        let d = parse("2017-05-09T12:00:00+01:00").unwrap();
        assert_eq!(ymdhm(&d), "2017-05-09 12:00:00");
        assert_eq!(d.offset.unwrap().local_minus_utc(), 3600);
        assert_eq!(d.instant().to_rfc3339(), "2017-05-09T11:00:00+00:00");
    }

    #[test]
    fn every_common_shape_parses() {
        for (text, want) in [
            ("2014-12-10", "2014-12-10 00:00:00"),
            ("2014-12-10 10:00:00 +0100", "2014-12-10 10:00:00"),
            ("2014-12-10 10:00", "2014-12-10 10:00:00"),
            ("2019-05-30 4:00:00 +0000", "2019-05-30 04:00:00"),
            ("2020-01-02T03:04:05Z", "2020-01-02 03:04:05"),
            ("2020-01-02T03:04:05.123-05:00", "2020-01-02 03:04:05"),
            ("2020-1-2", "2020-01-02 00:00:00"),
            ("'2021-03-04 05:06:07 UTC'", "2021-03-04 05:06:07"),
        ] {
            let d = parse(text).unwrap_or_else(|| panic!("{text} did not parse"));
            assert_eq!(ymdhm(&d), want, "{text}");
        }
    }

    #[test]
    fn garbage_is_not_a_date() {
        for text in ["", "yesterday", "2020-13-01", "2020-02-30", "12/10/2014", "2014-12-10 25:00"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn dates_come_from_jekyll_zola_and_folder_paths() {
        let day = |p: &str| from_path(Path::new(p)).map(|d| d.to_string());
        assert_eq!(day("_posts/2014-12-10-dockercon.md").as_deref(), Some("2014-12-10"));
        assert_eq!(day("content/2023-01-10-launch/index.md").as_deref(), Some("2023-01-10"));
        assert_eq!(day("content/2017/05/09/post.md").as_deref(), Some("2017-05-09"));
        assert_eq!(day("2023/01/10/slug").as_deref(), Some("2023-01-10"));
        assert_eq!(day("posts/hello.md"), None);
        assert_eq!(day("posts/2014-12-10123.md"), None);
    }

    #[test]
    fn jekyll_prefix_is_stripped_from_stems() {
        assert_eq!(strip_date_prefix("2014-12-10-docker-con"), "docker-con");
        assert_eq!(strip_date_prefix("hello-world"), "hello-world");
    }
}
