//! The two XMP properties worth prefilling the form with: `dc:description` (the caption,
//! an `rdf:Alt` of languages) and `photoshop:Credit` (as an element or an attribute).
//! Namespaces are resolved, so any prefix works; anything malformed ends the reading with
//! what was found so far.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use super::PictureMetadata;

const DC: &[u8] = b"http://purl.org/dc/elements/1.1/";
const PHOTOSHOP: &[u8] = b"http://ns.adobe.com/photoshop/1.0/";
const RDF: &[u8] = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Caption,
    Credit,
}

/// The property being read: which, at what depth, and its text (one entry per `rdf:li`,
/// with whether it is the `x-default` language).
struct Open {
    field: Field,
    depth: usize,
    items: Vec<(bool, String)>,
}

pub fn read(packet: &[u8]) -> PictureMetadata {
    let mut reader = NsReader::from_reader(packet);
    let mut found = PictureMetadata::default();
    let mut open: Option<Open> = None;
    let mut depth = 0usize;
    while let Ok((ns, event)) = reader.read_resolved_event() {
        let ns = namespace_of(&ns);
        match event {
            Event::Start(element) => {
                depth += 1;
                let name = element.local_name();
                match open.as_mut() {
                    None => {
                        let field = match (ns, name.as_ref()) {
                            (Some(DC), b"description") => Some(Field::Caption),
                            (Some(PHOTOSHOP), b"Credit") => Some(Field::Credit),
                            _ => None,
                        };
                        if let Some(field) = field {
                            open = Some(Open {
                                field,
                                depth,
                                items: vec![(false, String::new())],
                            });
                        } else {
                            credit_attribute(&reader, &element, &mut found);
                        }
                    }
                    Some(open) if ns == Some(RDF) && name.as_ref() == b"li" => {
                        open.items
                            .push((is_default_language(&element), String::new()));
                    }
                    Some(_) => {}
                }
            }
            Event::Empty(element) if open.is_none() => {
                credit_attribute(&reader, &element, &mut found);
            }
            Event::Text(text) => append(&mut open, text.decode().ok().as_deref()),
            Event::CData(text) => append(&mut open, text.decode().ok().as_deref()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => reference.decode().ok().and_then(|name| {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }),
                };
                append(&mut open, resolved.as_deref());
            }
            Event::End(_) => {
                if open.as_ref().is_some_and(|o| o.depth == depth)
                    && let Some(done) = open.take()
                {
                    let slot = match done.field {
                        Field::Caption => &mut found.caption,
                        Field::Credit => &mut found.credit,
                    };
                    if slot.is_none() {
                        *slot = chosen_text(done.items);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

fn namespace_of(ns: &ResolveResult<'_>) -> Option<&'static [u8]> {
    match ns {
        ResolveResult::Bound(Namespace(uri)) => [DC, PHOTOSHOP, RDF].into_iter().find(|k| k == uri),
        _ => None,
    }
}

fn append(open: &mut Option<Open>, text: Option<&str>) {
    if let (Some(open), Some(text)) = (open.as_mut(), text)
        && let Some((_, item)) = open.items.last_mut()
    {
        item.push_str(text);
    }
}

/// `x-default` if there is one, else the first item with text.
fn chosen_text(items: Vec<(bool, String)>) -> Option<String> {
    let texts: Vec<(bool, String)> = items
        .into_iter()
        .filter_map(|(default, text)| super::clean(&text).map(|t| (default, t)))
        .collect();
    let default = texts.iter().position(|(default, _)| *default).unwrap_or(0);
    texts.into_iter().nth(default).map(|(_, text)| text)
}

fn is_default_language(element: &BytesStart<'_>) -> bool {
    element
        .attributes()
        .flatten()
        .any(|a| a.key.as_ref() == b"xml:lang" && a.value.as_ref() == b"x-default")
}

/// `<rdf:Description photoshop:Credit="…">`: the short form tools write for simple values.
fn credit_attribute(
    reader: &NsReader<&[u8]>,
    element: &BytesStart<'_>,
    found: &mut PictureMetadata,
) {
    if found.credit.is_some() {
        return;
    }
    for attribute in element.attributes().flatten() {
        let (ns, local) = reader.resolve_attribute(attribute.key);
        if namespace_of(&ns) == Some(PHOTOSHOP) && local.as_ref() == b"Credit" {
            found.credit = attribute
                .unescape_value()
                .ok()
                .and_then(|v| super::clean(&v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="أ.ف.ب">
   <dc:description>
    <rdf:Alt>
     <rdf:li xml:lang="en">Crowds &amp; flags</rdf:li>
     <rdf:li xml:lang="x-default">حشود وأعلام &#x2014; بيروت</rdf:li>
    </rdf:Alt>
   </dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#;

    #[test]
    fn the_default_language_caption_and_an_attribute_credit_are_read() {
        let found = read(PACKET.as_bytes());
        assert_eq!(found.caption.as_deref(), Some("حشود وأعلام — بيروت"));
        assert_eq!(found.credit.as_deref(), Some("أ.ف.ب"));
    }

    #[test]
    fn an_element_credit_and_a_single_language_caption_are_read() {
        let packet = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
 <photoshop:Credit>REUTERS</photoshop:Credit>
 <dc:description><rdf:Alt><rdf:li xml:lang="en">Crowds &amp; flags</rdf:li></rdf:Alt></dc:description>
 </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let found = read(packet.as_bytes());
        assert_eq!(found.caption.as_deref(), Some("Crowds & flags"));
        assert_eq!(found.credit.as_deref(), Some("REUTERS"));
    }

    #[test]
    fn broken_xml_gives_what_was_read_before_the_break() {
        let cut = &PACKET.as_bytes()[..PACKET.find("<dc:description>").unwrap()];
        let found = read(cut);
        assert_eq!(found.credit.as_deref(), Some("أ.ف.ب"));
        assert_eq!(found.caption, None);
        assert_eq!(read(b"\xff\xfe<<<"), PictureMetadata::default());
    }
}
