//! Country names in each language, for the pickers and wherever a country is shown.
//! The names are the common short names of the Unicode CLDR (as packaged by the npm
//! module i18n-iso-countries, MIT), one per officially assigned ISO 3166-1 code.

use super::Locale;
use crate::domain::country::CountryCode;

/// Code, English name, Spanish name.
const NAMES: [(&str, &str, &str); 249] = [
    ("AD", "Andorra", "Andorra"),
    ("AE", "United Arab Emirates", "Emiratos Árabes Unidos"),
    ("AF", "Afghanistan", "Afganistán"),
    ("AG", "Antigua and Barbuda", "Antigua y Barbuda"),
    ("AI", "Anguilla", "Anguila"),
    ("AL", "Albania", "Albania"),
    ("AM", "Armenia", "Armenia"),
    ("AO", "Angola", "Angola"),
    ("AQ", "Antarctica", "Antártida"),
    ("AR", "Argentina", "Argentina"),
    ("AS", "American Samoa", "Samoa Americana"),
    ("AT", "Austria", "Austria"),
    ("AU", "Australia", "Australia"),
    ("AW", "Aruba", "Aruba"),
    ("AX", "Åland Islands", "Islas Åland"),
    ("AZ", "Azerbaijan", "Azerbaiyán"),
    ("BA", "Bosnia and Herzegovina", "Bosnia y Herzegovina"),
    ("BB", "Barbados", "Barbados"),
    ("BD", "Bangladesh", "Bangladesh"),
    ("BE", "Belgium", "Bélgica"),
    ("BF", "Burkina Faso", "Burkina Faso"),
    ("BG", "Bulgaria", "Bulgaria"),
    ("BH", "Bahrain", "Bahrein"),
    ("BI", "Burundi", "Burundi"),
    ("BJ", "Benin", "Benin"),
    ("BL", "Saint Barthélemy", "Saint Barthélemy"),
    ("BM", "Bermuda", "Bermudas"),
    ("BN", "Brunei Darussalam", "Brunei Darussalam"),
    ("BO", "Bolivia", "Bolivia"),
    ("BQ", "Bonaire, Sint Eustatius and Saba", "Bonaire, San Eustaquio y Saba"),
    ("BR", "Brazil", "Brasil"),
    ("BS", "Bahamas", "Bahamas"),
    ("BT", "Bhutan", "Bután"),
    ("BV", "Bouvet Island", "Isla Bouvet"),
    ("BW", "Botswana", "Botswana"),
    ("BY", "Belarus", "Bielorrusia"),
    ("BZ", "Belize", "Belice"),
    ("CA", "Canada", "Canadá"),
    ("CC", "Cocos (Keeling) Islands", "Islas Cocos (Keeling)"),
    ("CD", "Democratic Republic of the Congo", "Congo (República Democrática del)"),
    ("CF", "Central African Republic", "República Centroafricana"),
    ("CG", "Republic of the Congo", "Congo"),
    ("CH", "Switzerland", "Suiza"),
    ("CI", "Cote d'Ivoire", "Costa de Marfil"),
    ("CK", "Cook Islands", "Islas Cook"),
    ("CL", "Chile", "Chile"),
    ("CM", "Cameroon", "Camerún"),
    ("CN", "People's Republic of China", "China"),
    ("CO", "Colombia", "Colombia"),
    ("CR", "Costa Rica", "Costa Rica"),
    ("CU", "Cuba", "Cuba"),
    ("CV", "Cape Verde", "Cabo Verde"),
    ("CW", "Curaçao", "Curaçao"),
    ("CX", "Christmas Island", "Isla de Navidad"),
    ("CY", "Cyprus", "Chipre"),
    ("CZ", "Czech Republic", "República Checa"),
    ("DE", "Germany", "Alemania"),
    ("DJ", "Djibouti", "Yibuti"),
    ("DK", "Denmark", "Dinamarca"),
    ("DM", "Dominica", "Dominica"),
    ("DO", "Dominican Republic", "República Dominicana"),
    ("DZ", "Algeria", "Argelia"),
    ("EC", "Ecuador", "Ecuador"),
    ("EE", "Estonia", "Estonia"),
    ("EG", "Egypt", "Egipto"),
    ("EH", "Western Sahara", "Sahara Occidental"),
    ("ER", "Eritrea", "Eritrea"),
    ("ES", "Spain", "España"),
    ("ET", "Ethiopia", "Etiopía"),
    ("FI", "Finland", "Finlandia"),
    ("FJ", "Fiji", "Fiji"),
    ("FK", "Falkland Islands (Malvinas)", "Islas Malvinas"),
    ("FM", "Micronesia, Federated States of", "Micronesia"),
    ("FO", "Faroe Islands", "Islas Feroe"),
    ("FR", "France", "Francia"),
    ("GA", "Gabon", "Gabón"),
    ("GB", "United Kingdom", "Reino Unido"),
    ("GD", "Grenada", "Granada"),
    ("GE", "Georgia", "Georgia"),
    ("GF", "French Guiana", "Guayana Francesa"),
    ("GG", "Guernsey", "Guernsey"),
    ("GH", "Ghana", "Ghana"),
    ("GI", "Gibraltar", "Gibraltar"),
    ("GL", "Greenland", "Groenlandia"),
    ("GM", "Republic of The Gambia", "Gambia"),
    ("GN", "Guinea", "Guinea"),
    ("GP", "Guadeloupe", "Guadalupe"),
    ("GQ", "Equatorial Guinea", "Guinea Ecuatorial"),
    ("GR", "Greece", "Grecia"),
    ("GS", "South Georgia and the South Sandwich Islands", "Georgia del Sur y las Islas Sandwich del Sur"),
    ("GT", "Guatemala", "Guatemala"),
    ("GU", "Guam", "Guam"),
    ("GW", "Guinea-Bissau", "Guinea Bissau"),
    ("GY", "Guyana", "Guyana"),
    ("HK", "Hong Kong", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands", "Heard e Islas McDonald"),
    ("HN", "Honduras", "Honduras"),
    ("HR", "Croatia", "Croacia"),
    ("HT", "Haiti", "Haití"),
    ("HU", "Hungary", "Hungría"),
    ("ID", "Indonesia", "Indonesia"),
    ("IE", "Ireland", "Irlanda"),
    ("IL", "Israel", "Israel"),
    ("IM", "Isle of Man", "Isla de Man"),
    ("IN", "India", "India"),
    ("IO", "British Indian Ocean Territory", "Territorio Británico del Océano Índico"),
    ("IQ", "Iraq", "Iraq"),
    ("IR", "Islamic Republic of Iran", "Irán"),
    ("IS", "Iceland", "Islandia"),
    ("IT", "Italy", "Italia"),
    ("JE", "Jersey", "Jersey"),
    ("JM", "Jamaica", "Jamaica"),
    ("JO", "Jordan", "Jordania"),
    ("JP", "Japan", "Japón"),
    ("KE", "Kenya", "Kenia"),
    ("KG", "Kyrgyzstan", "Kirguistán"),
    ("KH", "Cambodia", "Camboya"),
    ("KI", "Kiribati", "Kiribati"),
    ("KM", "Comoros", "Comoras"),
    ("KN", "Saint Kitts and Nevis", "Saint Kitts y Nevis"),
    ("KP", "North Korea", "República Popular Democrática de Corea"),
    ("KR", "South Korea", "República de Corea"),
    ("KW", "Kuwait", "Kuwait"),
    ("KY", "Cayman Islands", "Islas Caimán"),
    ("KZ", "Kazakhstan", "Kazajistán"),
    ("LA", "Lao People's Democratic Republic", "República Democrática Popular de Lao"),
    ("LB", "Lebanon", "Líbano"),
    ("LC", "Saint Lucia", "Santa Lucía"),
    ("LI", "Liechtenstein", "Liechtenstein"),
    ("LK", "Sri Lanka", "Sri Lanka"),
    ("LR", "Liberia", "Liberia"),
    ("LS", "Lesotho", "Lesoto"),
    ("LT", "Lithuania", "Lituania"),
    ("LU", "Luxembourg", "Luxemburgo"),
    ("LV", "Latvia", "Letonia"),
    ("LY", "Libya", "Libia"),
    ("MA", "Morocco", "Marruecos"),
    ("MC", "Monaco", "Mónaco"),
    ("MD", "Moldova, Republic of", "Moldavia"),
    ("ME", "Montenegro", "Montenegro"),
    ("MF", "Saint Martin (French part)", "Saint Martin (francesa)"),
    ("MG", "Madagascar", "Madagascar"),
    ("MH", "Marshall Islands", "Islas Marshall"),
    ("MK", "The Republic of North Macedonia", "Macedonia del Norte"),
    ("ML", "Mali", "Malí"),
    ("MM", "Myanmar", "Myanmar"),
    ("MN", "Mongolia", "Mongolia"),
    ("MO", "Macao", "Macao"),
    ("MP", "Northern Mariana Islands", "Islas Marianas del Norte"),
    ("MQ", "Martinique", "Martinica"),
    ("MR", "Mauritania", "Mauritania"),
    ("MS", "Montserrat", "Montserrat"),
    ("MT", "Malta", "Malta"),
    ("MU", "Mauritius", "Mauricio"),
    ("MV", "Maldives", "Maldivas"),
    ("MW", "Malawi", "Malaui"),
    ("MX", "Mexico", "México"),
    ("MY", "Malaysia", "Malasia"),
    ("MZ", "Mozambique", "Mozambique"),
    ("NA", "Namibia", "Namibia"),
    ("NC", "New Caledonia", "Nueva Caledonia"),
    ("NE", "Niger", "Níger"),
    ("NF", "Norfolk Island", "Isla Norfolk"),
    ("NG", "Nigeria", "Nigeria"),
    ("NI", "Nicaragua", "Nicaragua"),
    ("NL", "Netherlands", "Países Bajos"),
    ("NO", "Norway", "Noruega"),
    ("NP", "Nepal", "Nepal"),
    ("NR", "Nauru", "Nauru"),
    ("NU", "Niue", "Niue"),
    ("NZ", "New Zealand", "Nueva Zelanda"),
    ("OM", "Oman", "Omán"),
    ("PA", "Panama", "Panamá"),
    ("PE", "Peru", "Perú"),
    ("PF", "French Polynesia", "Polinesia Francesa"),
    ("PG", "Papua New Guinea", "Papua Nueva Guinea"),
    ("PH", "Philippines", "Filipinas"),
    ("PK", "Pakistan", "Pakistán"),
    ("PL", "Poland", "Polonia"),
    ("PM", "Saint Pierre and Miquelon", "San Pedro y Miquelón"),
    ("PN", "Pitcairn", "Pitcairn"),
    ("PR", "Puerto Rico", "Puerto Rico"),
    ("PS", "State of Palestine", "Palestina"),
    ("PT", "Portugal", "Portugal"),
    ("PW", "Palau", "Palau"),
    ("PY", "Paraguay", "Paraguay"),
    ("QA", "Qatar", "Catar"),
    ("RE", "Reunion", "Reunión"),
    ("RO", "Romania", "Rumanía"),
    ("RS", "Serbia", "Serbia"),
    ("RU", "Russian Federation", "Rusia"),
    ("RW", "Rwanda", "Ruanda"),
    ("SA", "Saudi Arabia", "Arabia Saudita"),
    ("SB", "Solomon Islands", "Islas Salomón"),
    ("SC", "Seychelles", "Seychelles"),
    ("SD", "Sudan", "Sudán"),
    ("SE", "Sweden", "Suecia"),
    ("SG", "Singapore", "Singapur"),
    ("SH", "Saint Helena", "Santa Helena, Ascensión y Tristán de Acuña"),
    ("SI", "Slovenia", "Eslovenia"),
    ("SJ", "Svalbard and Jan Mayen", "Svalbard y Jan Mayen"),
    ("SK", "Slovakia", "Eslovaquia"),
    ("SL", "Sierra Leone", "Sierra Leona"),
    ("SM", "San Marino", "San Marino"),
    ("SN", "Senegal", "Senegal"),
    ("SO", "Somalia", "Somalia"),
    ("SR", "Suriname", "Suriname"),
    ("SS", "South Sudan", "Sudán del Sur"),
    ("ST", "Sao Tome and Principe", "Santo Tomé y Príncipe"),
    ("SV", "El Salvador", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)", "Sint Maarten (neerlandesa)"),
    ("SY", "Syrian Arab Republic", "República Árabe Siria"),
    ("SZ", "Eswatini", "Esuatini"),
    ("TC", "Turks and Caicos Islands", "Islas Turcas y Caicos"),
    ("TD", "Chad", "Chad"),
    ("TF", "French Southern Territories", "Tierras Australes Francesas"),
    ("TG", "Togo", "Togo"),
    ("TH", "Thailand", "Tailandia"),
    ("TJ", "Tajikistan", "Tayikistán"),
    ("TK", "Tokelau", "Tokelau"),
    ("TL", "Timor-Leste", "Timor-Leste"),
    ("TM", "Turkmenistan", "Turkmenistán"),
    ("TN", "Tunisia", "Túnez"),
    ("TO", "Tonga", "Tonga"),
    ("TR", "Türkiye", "Turquía"),
    ("TT", "Trinidad and Tobago", "Trinidad y Tobago"),
    ("TV", "Tuvalu", "Tuvalu"),
    ("TW", "Taiwan, Province of China", "Taiwán"),
    ("TZ", "United Republic of Tanzania", "Tanzania"),
    ("UA", "Ukraine", "Ucrania"),
    ("UG", "Uganda", "Uganda"),
    ("UM", "United States Minor Outlying Islands", "Islas Ultramarinas Menores de los Estados Unidos"),
    ("US", "United States of America", "Estados Unidos"),
    ("UY", "Uruguay", "Uruguay"),
    ("UZ", "Uzbekistan", "Uzbekistán"),
    ("VA", "Holy See (Vatican City State)", "Santa Sede"),
    ("VC", "Saint Vincent and the Grenadines", "San Vicente y las Granadinas"),
    ("VE", "Venezuela", "Venezuela"),
    ("VG", "Virgin Islands, British", "Islas Vírgenes británicas"),
    ("VI", "Virgin Islands, U.S.", "Islas Vírgenes de los Estados Unidos"),
    ("VN", "Vietnam", "Vietnam"),
    ("VU", "Vanuatu", "Vanuatu"),
    ("WF", "Wallis and Futuna", "Wallis y Futuna"),
    ("WS", "Samoa", "Samoa"),
    ("YE", "Yemen", "Yemen"),
    ("YT", "Mayotte", "Mayotte"),
    ("ZA", "South Africa", "Sudáfrica"),
    ("ZM", "Zambia", "Zambia"),
    ("ZW", "Zimbabwe", "Zimbabue"),
];

/// The country's name in `locale` (every assigned code has one: see the test below).
pub fn name(locale: Locale, code: CountryCode) -> &'static str {
    NAMES
        .iter()
        .find(|(known, _, _)| *known == code.as_str())
        .map(|(_, english, spanish)| match locale {
            Locale::en => *english,
            Locale::es => *spanish,
        })
        .unwrap_or("")
}

/// Every country as (code, name), in the order of the names in `locale` (accents read as
/// their letters, so Ñ and Á fall where a reader looks for them).
pub fn by_name(locale: Locale) -> Vec<(&'static str, &'static str)> {
    let mut countries: Vec<(&str, &str)> = NAMES
        .iter()
        .map(|(code, english, spanish)| (*code, if locale == Locale::es { *spanish } else { *english }))
        .collect();
    countries.sort_by_cached_key(|(_, name)| sort_key(name));
    countries
}

fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'Å' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' => 'u',
            'ç' | 'Ç' => 'c',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_assigned_code_has_a_name_in_each_language() {
        for (code, _, _) in NAMES {
            let code = CountryCode::parse(code).expect("an assigned code");
            assert!(!name(Locale::en, code).is_empty() && !name(Locale::es, code).is_empty(), "{code}");
        }
        assert_eq!(name(Locale::es, CountryCode::parse("ES").unwrap()), "España");
        assert_eq!(name(Locale::en, CountryCode::parse("DE").unwrap()), "Germany");
    }

    #[test]
    fn the_list_reads_in_the_order_of_the_readers_names() {
        let spanish: Vec<&str> = by_name(Locale::es).into_iter().map(|(_, name)| name).collect();
        let position = |wanted: &str| spanish.iter().position(|name| *name == wanted).unwrap();
        assert!(position("Alemania") < position("Austria"));
        assert!(
            position("Austria") < position("Bélgica") && position("Bélgica") < position("Brasil"),
            "accents read as letters"
        );
        assert_eq!(by_name(Locale::en).len(), NAMES.len());
    }
}
