//! The small binary forms the index keeps (a post's parsed keys, a file's links scan): LEB128
//! varints, length-prefixed UTF-8 strings, and a reader that checks every read, so that bytes it
//! did not write give `None`, never a panic or a huge allocation.

/// Appends `n` as a LEB128 varint: seven bits a byte, low bits first.
pub fn put_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends a string: its length in bytes, then its UTF-8 bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Bytes read from the front, every read checked.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next byte.
    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(taken)
    }

    /// A varint [`put_varint`] wrote.
    pub fn varint(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A count of things that each take at least a byte: never more than the bytes left, so a
    /// damaged count cannot ask for a huge allocation.
    pub fn count(&mut self) -> Option<usize> {
        let n = self.varint()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    /// A string [`put_str`] wrote.
    pub fn string(&mut self) -> Option<String> {
        let len = self.count()?;
        Some(std::str::from_utf8(self.take(len)?).ok()?.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_strings_read_back_and_damage_reads_as_nothing() {
        let mut out = Vec::new();
        for n in [0, 1, 127, 128, 300, usize::MAX] {
            put_varint(&mut out, n);
        }
        put_str(&mut out, "Été");
        let mut r = Reader::new(&out);
        for n in [0, 1, 127, 128, 300, usize::MAX] {
            assert_eq!(r.varint(), Some(n));
        }
        assert_eq!(r.string().as_deref(), Some("Été"));
        assert!(r.is_done());
        assert_eq!(Reader::new(&[0x80, 0x80]).varint(), None, "cut short");
        assert_eq!(Reader::new(&[5, b'a']).string(), None, "longer than what is left");
        assert_eq!(Reader::new(&[2, 0xff, 0xfe]).string(), None, "not UTF-8");
        assert_eq!(Reader::new(&[0xff; 11]).varint(), None, "more than a usize");
    }
}
