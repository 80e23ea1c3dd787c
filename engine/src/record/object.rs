//! The nested parts of a household (`personen`, `inkomsten`, `kinderen`) are read only from
//! objects. serde's derived readers would also take a struct from a list of its field values
//! in declaration order (`"personen": [["1980-01-01"]]`), which the contract does not allow and
//! which would assign values by position without a field name to check.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{value::MapAccessDeserializer, Deserialize, Deserializer, MapAccess, Visitor};

/// The name of a nested record part, as messages show it ("persoon", "inkomen", "kind").
pub(super) trait Onderdeel {
    /// Singular Dutch name.
    const NAAM: &'static str;
}

/// `#[serde(deserialize_with = "object::lijst")]`: a list whose elements must be objects.
pub(super) fn lijst<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Onderdeel,
{
    let v: Vec<AlsObject<T>> = Vec::deserialize(d)?;
    Ok(v.into_iter().map(|o| o.0).collect())
}

/// One element of such a list: read through `deserialize_map`, so a list in its place is a
/// type error ("verkeerd type: een lijst, verwacht een object (persoon)").
struct AlsObject<T>(T);

impl<'de, T: Deserialize<'de> + Onderdeel> Deserialize<'de> for AlsObject<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Onderdeel> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                // `serde_bericht` renders "struct X" as "een object (X)"
                write!(f, "struct {}", T::NAAM)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(PhantomData)).map(AlsObject)
    }
}
