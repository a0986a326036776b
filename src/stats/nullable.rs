//! Serde helpers: `summary.json` writes a missing figure (NaN) as `null`; reading maps it back.
//! The estimates here and the summary schema in `results` both use them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Write a number (NaN as null).
pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    x.serialize(s)
}
/// Read a number or null (as NaN).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// For `[f64; 2]`.
pub mod pair {
    use super::*;
    /// Write.
    pub fn serialize<S: Serializer>(x: &[f64; 2], s: S) -> Result<S::Ok, S::Error> {
        x.serialize(s)
    }
    /// Read, null as NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
        let v = <[Option<f64>; 2]>::deserialize(d)?;
        Ok([v[0].unwrap_or(f64::NAN), v[1].unwrap_or(f64::NAN)])
    }
}

/// For `Vec<f64>`.
pub mod vec {
    use super::*;
    /// Write.
    pub fn serialize<S: Serializer>(x: &[f64], s: S) -> Result<S::Ok, S::Error> {
        x.serialize(s)
    }
    /// Read, null as NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        let v = Vec::<Option<f64>>::deserialize(d)?;
        Ok(v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
    }
}

/// For `Option<f64>` (None and NaN both written as null, read back as None).
pub mod option {
    use super::*;
    /// Write.
    pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        x.serialize(s)
    }
    /// Read.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }
}
