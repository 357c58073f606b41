//! Little-endian reading and writing of the model's flat arrays, with size limits so that
//! corrupt input gives an error instead of a huge allocation or a panic.

use std::io::{self, Read, Write};

use crate::TaggerError;

/// Largest array length accepted when reading (elements).
const MAX_LEN: u64 = 1 << 28;

pub(crate) fn put_u64(w: &mut impl Write, x: u64) -> io::Result<()> {
    w.write_all(&x.to_le_bytes())
}

pub(crate) fn put_u64s(w: &mut impl Write, xs: &[u64]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    let mut buf = Vec::with_capacity(xs.len() * 8);
    for x in xs {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    w.write_all(&buf)
}

pub(crate) fn put_u32s(w: &mut impl Write, xs: &[u32]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    let mut buf = Vec::with_capacity(xs.len() * 4);
    for x in xs {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    w.write_all(&buf)
}

pub(crate) fn put_u16s(w: &mut impl Write, xs: &[u16]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    let mut buf = Vec::with_capacity(xs.len() * 2);
    for x in xs {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    w.write_all(&buf)
}

pub(crate) fn put_bytes(w: &mut impl Write, xs: &[u8]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    w.write_all(xs)
}

pub(crate) fn put_strings(w: &mut impl Write, xs: &[String]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    for s in xs {
        put_bytes(w, s.as_bytes())?;
    }
    Ok(())
}

pub(crate) fn get_u64(r: &mut impl Read) -> Result<u64, TaggerError> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn get_len(r: &mut impl Read) -> Result<usize, TaggerError> {
    let n = get_u64(r)?;
    if n > MAX_LEN {
        return Err(TaggerError::Corrupt("array too long"));
    }
    Ok(n as usize)
}

/// Reads exactly `n` bytes; the buffer grows with the data read, so a corrupt length cannot
/// allocate more than the input holds.
fn get_exact(r: &mut impl Read, n: usize) -> Result<Vec<u8>, TaggerError> {
    let mut buf = Vec::new();
    r.take(n as u64).read_to_end(&mut buf)?;
    if buf.len() != n {
        return Err(TaggerError::Io(io::Error::from(
            io::ErrorKind::UnexpectedEof,
        )));
    }
    Ok(buf)
}

pub(crate) fn get_bytes(r: &mut impl Read) -> Result<Vec<u8>, TaggerError> {
    let n = get_len(r)?;
    get_exact(r, n)
}

fn get_raw<const N: usize>(r: &mut impl Read) -> Result<Vec<[u8; N]>, TaggerError> {
    let n = get_len(r)?;
    let buf = get_exact(r, n * N)?;
    Ok(buf
        .chunks_exact(N)
        .map(|c| c.try_into().unwrap_or([0u8; N]))
        .collect())
}

pub(crate) fn get_u64s(r: &mut impl Read) -> Result<Vec<u64>, TaggerError> {
    Ok(get_raw::<8>(r)?
        .into_iter()
        .map(u64::from_le_bytes)
        .collect())
}

pub(crate) fn get_u32s(r: &mut impl Read) -> Result<Vec<u32>, TaggerError> {
    Ok(get_raw::<4>(r)?
        .into_iter()
        .map(u32::from_le_bytes)
        .collect())
}

pub(crate) fn get_u16s(r: &mut impl Read) -> Result<Vec<u16>, TaggerError> {
    Ok(get_raw::<2>(r)?
        .into_iter()
        .map(u16::from_le_bytes)
        .collect())
}

pub(crate) fn get_strings(r: &mut impl Read) -> Result<Vec<String>, TaggerError> {
    let n = get_len(r)?;
    if n > 1 << 20 {
        return Err(TaggerError::Corrupt("too many strings"));
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let b = get_bytes(r)?;
        out.push(String::from_utf8(b).map_err(|_| TaggerError::Corrupt("invalid UTF-8"))?);
    }
    Ok(out)
}
