//! A [`Scan`] as bytes, for the index to keep between runs: a warm `quire check` takes each
//! unchanged file's links, headings and HTML ids from there instead of reading and parsing it.
//!
//! Hand-written because it is small and the index must never trust what it cannot read back:
//! a version byte, then counts and lengths as LEB128 varints, strings as UTF-8 bytes. [`decode`]
//! checks every length, every string and that nothing is left over; anything else is `None`
//! (the file is then read again), never a panic.

use super::{Form, Heading, Link, Scan};
use crate::packing::{Reader, put_str, put_varint};

/// The layout below; bytes of another layout decode to `None`.
const FORMAT: u8 = 1;

/// The scan as bytes ([`decode`] gives it back).
pub fn encode(scan: &Scan) -> Vec<u8> {
    let text: usize = scan.links.iter().map(|l| l.target.len() + 8).sum::<usize>()
        + scan.headings.iter().map(|h| h.text.len() + h.id.as_ref().map_or(0, String::len) + 4).sum::<usize>()
        + scan.html_ids.iter().map(|id| id.len() + 2).sum::<usize>();
    let mut out = Vec::with_capacity(text + 8);
    out.push(FORMAT);
    put_varint(&mut out, scan.links.len());
    for link in &scan.links {
        out.push(form_byte(link.form));
        put_varint(&mut out, link.line);
        put_varint(&mut out, link.column);
        put_str(&mut out, &link.target);
    }
    put_varint(&mut out, scan.headings.len());
    for heading in &scan.headings {
        put_str(&mut out, &heading.text);
        match &heading.id {
            Some(id) => {
                out.push(1);
                put_str(&mut out, id);
            }
            None => out.push(0),
        }
    }
    put_varint(&mut out, scan.html_ids.len());
    for id in &scan.html_ids {
        put_str(&mut out, id);
    }
    out
}

/// The scan [`encode`] made these bytes of; `None` for anything it did not make.
pub fn decode(bytes: &[u8]) -> Option<Scan> {
    let mut r = Reader::new(bytes);
    if r.byte()? != FORMAT {
        return None;
    }
    let mut scan = Scan::default();
    let links = r.count()?;
    scan.links.reserve(links);
    for _ in 0..links {
        let form = form_of(r.byte()?)?;
        let (line, column) = (r.varint()?, r.varint()?);
        scan.links.push(Link { form, target: r.string()?, line, column });
    }
    let headings = r.count()?;
    scan.headings.reserve(headings);
    for _ in 0..headings {
        let text = r.string()?;
        let id = match r.byte()? {
            0 => None,
            1 => Some(r.string()?),
            _ => return None,
        };
        scan.headings.push(Heading { text, id });
    }
    let ids = r.count()?;
    scan.html_ids.reserve(ids);
    for _ in 0..ids {
        scan.html_ids.push(r.string()?);
    }
    r.is_done().then_some(scan)
}

fn form_byte(form: Form) -> u8 {
    match form {
        Form::Link => 0,
        Form::Image => 1,
        Form::HugoRef => 2,
        Form::PostUrl => 3,
        Form::JekyllLink => 4,
    }
}

fn form_of(byte: u8) -> Option<Form> {
    Some(match byte {
        0 => Form::Link,
        1 => Form::Image,
        2 => Form::HugoRef,
        3 => Form::PostUrl,
        4 => Form::JekyllLink,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Scan {
        super::super::scan(
            "# Été {#summer}\n\n## Notes\n\nSee [a](../a.md#x), ![i](p.png), {{< ref \"b\" >}}, {% post_url 2010-01-01-x %}, \
             {% link _posts/y.md %}\n\n<a name=\"old\" href=\"/z/\"></a>\n",
        )
    }

    #[test]
    fn a_scan_reads_back_as_it_was() {
        let scan = sample();
        assert_eq!(scan.links.len(), 6);
        assert_eq!(decode(&encode(&scan)), Some(scan));
        assert_eq!(decode(&encode(&Scan::default())), Some(Scan::default()));
        let long = Scan { links: vec![Link { form: Form::Link, target: "x".repeat(300), line: 1 << 40, column: 200 }], ..Scan::default() };
        assert_eq!(decode(&encode(&long)), Some(long));
    }

    #[test]
    fn damaged_bytes_read_as_nothing_never_as_another_scan() {
        let bytes = encode(&sample());
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&[FORMAT + 1]), None, "another layout");
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len]), None, "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None, "bytes left over");
        // Every single-byte change either fails or still decodes to a whole, valid scan: no panic.
        for at in 0..bytes.len() {
            for b in [0x00, 0x7f, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[at] = b;
                let _ = decode(&bad);
            }
        }
        assert_eq!(decode(&[FORMAT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), None, "a varint too long");
    }
}
