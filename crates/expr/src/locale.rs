//! Culture data for the locale arguments of `formatDateTime`, `parseDateTime`, `formatNumber`,
//! `formatTimeSpan`, `float` and `isFloat`: month and day names, AM/PM designators, the date and
//! time patterns behind the standard date formats (`d`, `D`, `t`, `T`, `M`, `Y`, …), and the
//! number symbols and patterns behind the standard numeric formats (`C`, `N`, `P`, …).
//!
//! The data is Windows' (NLS) culture data as .NET Framework reports it, the runtime Logic Apps
//! was built on; where ICU-based .NET differs (e.g. `fr-FR` groups digits with U+202F instead of
//! U+00A0, `de-DE` abbreviates months as `Jan.`), this table keeps the Windows form. Infinity and
//! NaN print as `Infinity`, `-Infinity` and `NaN` in every culture, as Logic Apps' own number text
//! does.
//!
//! Lookup ([`culture`]) ignores case, accepts the neutral names (`fr` is `fr-FR`) and `""` for the
//! invariant culture; [`unsupported`] words the error for anything else.

/// One culture: its canonical name, date/time data and number data.
#[derive(Debug)]
pub(crate) struct Culture {
    /// Canonical name (`en-US`; `""` for the invariant culture).
    pub name: &'static str,
    /// Names and patterns for dates and times.
    pub dates: DateData,
    /// Symbols and patterns for numbers.
    pub numbers: NumberData,
}

/// .NET `DateTimeFormatInfo`, the parts this crate uses.
#[derive(Debug)]
pub(crate) struct DateData {
    /// `MMMM`: January … December.
    pub months: [&'static str; 12],
    /// `MMM`: Jan … Dec.
    pub abbreviated_months: [&'static str; 12],
    /// `dddd`, Sunday first (index = `dayOfWeek`).
    pub days: [&'static str; 7],
    /// `ddd`, Sunday first.
    pub abbreviated_days: [&'static str; 7],
    /// `tt` before noon (may be empty).
    pub am: &'static str,
    /// `tt` from noon (may be empty).
    pub pm: &'static str,
    /// `g`: the era of the Gregorian calendar.
    pub era: &'static str,
    /// What `/` prints in a custom pattern.
    pub date_separator: &'static str,
    /// What `:` prints in a custom pattern.
    pub time_separator: &'static str,
    /// Standard `d`.
    pub short_date: &'static str,
    /// Standard `D` (and the date part of `f`, `F`, `U`).
    pub long_date: &'static str,
    /// Standard `t` (and the time part of `f`, `g`).
    pub short_time: &'static str,
    /// Standard `T` (and the time part of `F`, `G`, `U`).
    pub long_time: &'static str,
    /// Standard `M`/`m`.
    pub month_day: &'static str,
    /// Standard `Y`/`y`.
    pub year_month: &'static str,
    /// Words that may appear between date parts and mean nothing (`de` in `20 de octubre`).
    pub filler_words: &'static [&'static str],
}

/// .NET `NumberFormatInfo`, the parts this crate uses. Patterns are .NET's pattern numbers
/// (`CurrencyNegativePattern` 0 is `($n)`, 1 is `-$n`, 8 is `-n $`, …).
#[derive(Debug)]
pub(crate) struct NumberData {
    /// Between the integer and fractional digits.
    pub decimal_separator: &'static str,
    /// Between digit groups.
    pub group_separator: &'static str,
    /// Digit group sizes, the last repeating (`[3]`).
    pub group_sizes: &'static [u8],
    /// The minus sign.
    pub negative_sign: &'static str,
    /// The plus sign (exponents).
    pub positive_sign: &'static str,
    /// Default precision of `F`, `N` and `P`.
    pub number_decimal_digits: u8,
    /// `N` with a negative number: 0 `(n)`, 1 `-n`, 2 `- n`, 3 `n-`, 4 `n -`.
    pub number_negative_pattern: u8,
    /// `C` symbol.
    pub currency_symbol: &'static str,
    /// Default precision of `C`.
    pub currency_decimal_digits: u8,
    /// 0 `$n`, 1 `n$`, 2 `$ n`, 3 `n $`.
    pub currency_positive_pattern: u8,
    /// 0 `($n)` … 16 `$- n` (see [`CURRENCY_NEGATIVE`]).
    pub currency_negative_pattern: u8,
    /// `%`.
    pub percent_symbol: &'static str,
    /// `‰`.
    pub per_mille_symbol: &'static str,
    /// 0 `n %`, 1 `n%`, 2 `%n`, 3 `% n`.
    pub percent_positive_pattern: u8,
    /// 0 `-n %` … 11 `n- %` (see [`PERCENT_NEGATIVE`]).
    pub percent_negative_pattern: u8,
    /// Not-a-number.
    pub nan: &'static str,
    /// Positive infinity.
    pub positive_infinity: &'static str,
    /// Negative infinity.
    pub negative_infinity: &'static str,
}

/// .NET's currency patterns for positive numbers (`$` is the symbol, `n` the number).
pub(crate) const CURRENCY_POSITIVE: [&str; 4] = ["$n", "n$", "$ n", "n $"];
/// .NET's currency patterns for negative numbers (`-` is the negative sign).
pub(crate) const CURRENCY_NEGATIVE: [&str; 17] = [
    "($n)", "-$n", "$-n", "$n-", "(n$)", "-n$", "n-$", "n$-", "-n $", "-$ n", "n $-", "$ n-",
    "$ -n", "n- $", "($ n)", "(n $)", "$- n",
];
/// .NET's percent patterns for positive numbers (`%` is the symbol).
pub(crate) const PERCENT_POSITIVE: [&str; 4] = ["n %", "n%", "%n", "% n"];
/// .NET's percent patterns for negative numbers.
pub(crate) const PERCENT_NEGATIVE: [&str; 12] = [
    "-n %", "-n%", "-%n", "%-n", "%n-", "n-%", "n%-", "-% n", "n %-", "% n-", "% -n", "n- %",
];
/// .NET's number patterns for negative numbers (`N`).
pub(crate) const NUMBER_NEGATIVE: [&str; 5] = ["(n)", "-n", "- n", "n-", "n -"];

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ENGLISH_ABBREVIATED_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ENGLISH_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const ENGLISH_ABBREVIATED_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Number data shared by the cultures that write `1.234,5` and put the euro after the number.
const EURO_COMMA: NumberData = NumberData {
    decimal_separator: ",",
    group_separator: ".",
    group_sizes: &[3],
    negative_sign: "-",
    positive_sign: "+",
    number_decimal_digits: 2,
    number_negative_pattern: 1,
    currency_symbol: "€",
    currency_decimal_digits: 2,
    currency_positive_pattern: 3,
    currency_negative_pattern: 8,
    percent_symbol: "%",
    per_mille_symbol: "‰",
    percent_positive_pattern: 0,
    percent_negative_pattern: 0,
    nan: "NaN",
    positive_infinity: "Infinity",
    negative_infinity: "-Infinity",
};

/// Number data of the cultures that write `1,234.5`.
const DOT_COMMA: NumberData = NumberData {
    decimal_separator: ".",
    group_separator: ",",
    currency_symbol: "$",
    currency_positive_pattern: 0,
    currency_negative_pattern: 0,
    percent_positive_pattern: 1,
    percent_negative_pattern: 1,
    ..EURO_COMMA
};

/// The invariant culture (`""`), also the data `o`, `r`, `s` and `u` use.
pub(crate) const INVARIANT: Culture = Culture {
    name: "",
    dates: DateData {
        months: ENGLISH_MONTHS,
        abbreviated_months: ENGLISH_ABBREVIATED_MONTHS,
        days: ENGLISH_DAYS,
        abbreviated_days: ENGLISH_ABBREVIATED_DAYS,
        am: "AM",
        pm: "PM",
        era: "A.D.",
        date_separator: "/",
        time_separator: ":",
        short_date: "MM/dd/yyyy",
        long_date: "dddd, dd MMMM yyyy",
        short_time: "HH:mm",
        long_time: "HH:mm:ss",
        month_day: "MMMM dd",
        year_month: "yyyy MMMM",
        filler_words: &["of"],
    },
    numbers: NumberData {
        currency_symbol: "¤",
        percent_positive_pattern: 0,
        percent_negative_pattern: 0,
        ..DOT_COMMA
    },
};

/// `en-US`, the default of every locale parameter.
pub(crate) const EN_US: Culture = Culture {
    name: "en-US",
    dates: DateData {
        short_date: "M/d/yyyy",
        long_date: "dddd, MMMM d, yyyy",
        short_time: "h:mm tt",
        long_time: "h:mm:ss tt",
        month_day: "MMMM d",
        year_month: "MMMM yyyy",
        ..INVARIANT.dates
    },
    numbers: DOT_COMMA,
};

const EN_GB: Culture = Culture {
    name: "en-GB",
    dates: DateData {
        short_date: "dd/MM/yyyy",
        long_date: "dd MMMM yyyy",
        short_time: "HH:mm",
        long_time: "HH:mm:ss",
        month_day: "dd MMMM",
        year_month: "MMMM yyyy",
        ..INVARIANT.dates
    },
    numbers: NumberData {
        currency_symbol: "£",
        currency_negative_pattern: 1,
        ..DOT_COMMA
    },
};

const DE_DE: Culture = Culture {
    name: "de-DE",
    dates: DateData {
        months: [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        abbreviated_months: [
            "Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
        ],
        days: [
            "Sonntag",
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
        ],
        abbreviated_days: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        am: "",
        pm: "",
        era: "n. Chr.",
        date_separator: ".",
        time_separator: ":",
        short_date: "dd.MM.yyyy",
        long_date: "dddd, d. MMMM yyyy",
        short_time: "HH:mm",
        long_time: "HH:mm:ss",
        month_day: "d. MMMM",
        year_month: "MMMM yyyy",
        filler_words: &[],
    },
    numbers: EURO_COMMA,
};

const FR_FR: Culture = Culture {
    name: "fr-FR",
    dates: DateData {
        months: [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        abbreviated_months: [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
        days: [
            "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
        ],
        abbreviated_days: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        am: "",
        pm: "",
        era: "ap. J.-C.",
        date_separator: "/",
        time_separator: ":",
        short_date: "dd/MM/yyyy",
        long_date: "dddd d MMMM yyyy",
        short_time: "HH:mm",
        long_time: "HH:mm:ss",
        month_day: "d MMMM",
        year_month: "MMMM yyyy",
        filler_words: &[],
    },
    numbers: NumberData {
        group_separator: "\u{a0}",
        ..EURO_COMMA
    },
};

const ES_ES: Culture = Culture {
    name: "es-ES",
    dates: DateData {
        months: [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        abbreviated_months: [
            "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sep.", "oct.", "nov.",
            "dic.",
        ],
        days: [
            "domingo",
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
        ],
        abbreviated_days: ["do.", "lu.", "ma.", "mi.", "ju.", "vi.", "sá."],
        am: "a. m.",
        pm: "p. m.",
        era: "d. C.",
        date_separator: "/",
        time_separator: ":",
        short_date: "dd/MM/yyyy",
        long_date: "dddd, d' de 'MMMM' de 'yyyy",
        short_time: "H:mm",
        long_time: "H:mm:ss",
        month_day: "d' de 'MMMM",
        year_month: "MMMM' de 'yyyy",
        filler_words: &["de", "del"],
    },
    numbers: EURO_COMMA,
};

const NL_NL: Culture = Culture {
    name: "nl-NL",
    dates: DateData {
        months: [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        abbreviated_months: [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ],
        days: [
            "zondag",
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
        ],
        abbreviated_days: ["zo", "ma", "di", "wo", "do", "vr", "za"],
        am: "",
        pm: "",
        era: "n.Chr.",
        date_separator: "-",
        time_separator: ":",
        short_date: "d-M-yyyy",
        long_date: "dddd d MMMM yyyy",
        short_time: "HH:mm",
        long_time: "HH:mm:ss",
        month_day: "d MMMM",
        year_month: "MMMM yyyy",
        filler_words: &[],
    },
    numbers: NumberData {
        currency_positive_pattern: 2,
        currency_negative_pattern: 12,
        percent_positive_pattern: 1,
        percent_negative_pattern: 1,
        ..EURO_COMMA
    },
};

const JA_JP: Culture = Culture {
    name: "ja-JP",
    dates: DateData {
        months: [
            "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
        ],
        abbreviated_months: [
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        ],
        days: [
            "日曜日",
            "月曜日",
            "火曜日",
            "水曜日",
            "木曜日",
            "金曜日",
            "土曜日",
        ],
        abbreviated_days: ["日", "月", "火", "水", "木", "金", "土"],
        am: "午前",
        pm: "午後",
        era: "西暦",
        date_separator: "/",
        time_separator: ":",
        short_date: "yyyy/MM/dd",
        long_date: "yyyy'年'M'月'd'日'",
        short_time: "H:mm",
        long_time: "H:mm:ss",
        month_day: "M'月'd'日'",
        year_month: "yyyy'年'M'月'",
        filler_words: &[],
    },
    numbers: NumberData {
        currency_symbol: "¥",
        currency_decimal_digits: 0,
        currency_negative_pattern: 1,
        ..DOT_COMMA
    },
};

/// `is-IS`, for the `formatNumber` examples of Microsoft's reference (`"17,35 kr"`).
const IS_IS: Culture = Culture {
    name: "is-IS",
    dates: DateData {
        months: [
            "janúar",
            "febrúar",
            "mars",
            "apríl",
            "maí",
            "júní",
            "júlí",
            "ágúst",
            "september",
            "október",
            "nóvember",
            "desember",
        ],
        abbreviated_months: [
            "jan.", "feb.", "mar.", "apr.", "maí", "jún.", "júl.", "ágú.", "sep.", "okt.", "nóv.",
            "des.",
        ],
        days: [
            "sunnudagur",
            "mánudagur",
            "þriðjudagur",
            "miðvikudagur",
            "fimmtudagur",
            "föstudagur",
            "laugardagur",
        ],
        abbreviated_days: ["sun.", "mán.", "þri.", "mið.", "fim.", "fös.", "lau."],
        am: "f.h.",
        pm: "e.h.",
        era: "e.Kr.",
        date_separator: ".",
        time_separator: ":",
        short_date: "d.M.yyyy",
        long_date: "d. MMMM yyyy",
        short_time: "HH:mm",
        long_time: "HH:mm:ss",
        month_day: "d. MMMM",
        year_month: "MMMM yyyy",
        filler_words: &[],
    },
    numbers: NumberData {
        currency_symbol: "kr",
        currency_decimal_digits: 0,
        ..EURO_COMMA
    },
};

/// Every supported culture, invariant first.
const CULTURES: [&Culture; 9] = [
    &INVARIANT, &EN_US, &EN_GB, &DE_DE, &FR_FR, &ES_ES, &NL_NL, &JA_JP, &IS_IS,
];

/// Finds a culture by name: case-insensitive (`fr-fr`), a neutral name (`fr`) means its main
/// specific culture, `""` and `iv`/`invariant` mean the invariant culture.
pub(crate) fn culture(name: &str) -> Option<&'static Culture> {
    let name = name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case("iv") || name.eq_ignore_ascii_case("invariant")
    {
        return Some(&INVARIANT);
    }
    CULTURES.iter().copied().find(|c| {
        !c.name.is_empty()
            && (c.name.eq_ignore_ascii_case(name)
                || c.name
                    .split_once('-')
                    .is_some_and(|(language, _)| language.eq_ignore_ascii_case(name)))
    })
}

/// The error text for an unknown locale, naming the supported ones.
pub(crate) fn unsupported(name: &str) -> String {
    let names: Vec<&str> = CULTURES
        .iter()
        .filter(|c| !c.name.is_empty())
        .map(|c| c.name)
        .collect();
    format!(
        "The locale '{name}' is not valid or not supported. Supported locales are {} and '' (the invariant culture).",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_accepts_neutral_names() {
        assert_eq!(culture("fr-fr").map(|c| c.name), Some("fr-FR"));
        assert_eq!(culture("FR").map(|c| c.name), Some("fr-FR"));
        assert_eq!(culture("EN-us").map(|c| c.name), Some("en-US"));
        assert_eq!(culture("en").map(|c| c.name), Some("en-US"));
        assert_eq!(culture("").map(|c| c.name), Some(""));
        assert!(culture("xx-YY").is_none());
        assert!(culture("en-").is_none());
        assert!(unsupported("xx").contains("en-US, en-GB, de-DE"));
    }

    #[test]
    fn number_data_differs_where_cultures_do() {
        let de = culture("de-DE").unwrap();
        assert_eq!(
            (de.numbers.decimal_separator, de.numbers.group_separator),
            (",", ".")
        );
        assert_eq!(culture("fr-FR").unwrap().numbers.group_separator, "\u{a0}");
        assert_eq!(culture("ja-JP").unwrap().numbers.currency_decimal_digits, 0);
        assert_eq!(EN_US.numbers.currency_symbol, "$");
        assert_eq!(CURRENCY_NEGATIVE[8], "-n $");
        assert_eq!(PERCENT_NEGATIVE[11], "n- %");
        assert_eq!(NUMBER_NEGATIVE[1], "-n");
    }
}
