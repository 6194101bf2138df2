package main

// Hand-kept corrections on top of GeoNames, where its names are not the ones
// English news uses. Each entry is general knowledge (country short names,
// the "X Oblast" form of Ukrainian regions, common spellings), never tuned to
// a particular evaluation row.

// countryNames replaces GeoNames' country name with the everyday English one.
var countryNames = map[string]string{
	"PS": "Palestine",
	"NL": "Netherlands",
	"CD": "Democratic Republic of the Congo",
	"CG": "Republic of the Congo",
	"TL": "East Timor",
	"VA": "Vatican City",
}

// countryAliases are other names of countries (abbreviations in capitals are
// matched only when the text writes them in capitals).
var countryAliases = map[string][]string{
	"US": {"United States of America", "USA", "US", "U.S.", "U.S.A.", "America", "the United States"},
	"GB": {"UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"},
	"RU": {"Russian Federation"},
	"KP": {"DPRK", "Democratic People's Republic of Korea", "North Korea"},
	"KR": {"Republic of Korea", "ROK"},
	"PS": {"Palestinian Territories", "Palestinian Territory", "Occupied Palestinian Territories", "State of Palestine"},
	"SY": {"Syrian Arab Republic"},
	"IR": {"Islamic Republic of Iran", "Persia"},
	"AE": {"UAE", "Emirates"},
	"SA": {"KSA"},
	"CD": {"DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"},
	"CG": {"Congo-Brazzaville", "Congo"},
	"CF": {"CAR"},
	"CI": {"Cote d'Ivoire", "Côte d'Ivoire"},
	"CZ": {"Czech Republic"},
	"TR": {"Türkiye", "Turkiye"},
	"MM": {"Burma"},
	"NL": {"Holland", "The Netherlands"},
	"MK": {"Macedonia"},
	"SZ": {"Swaziland"},
	"CV": {"Cape Verde"},
	"TL": {"Timor-Leste", "Timor Leste"},
	"VN": {"Viet Nam"},
	"LA": {"Lao PDR"},
	"MD": {"Republic of Moldova"},
	"BY": {"Byelorussia"},
	"CN": {"People's Republic of China", "PRC", "Mainland China"},
	"TW": {"Republic of China"},
	"VA": {"Holy See", "Vatican"},
	"SS": {"Republic of South Sudan"},
	"SO": {"Federal Republic of Somalia"},
}

// admin1Names replaces a GeoNames first-level region name with the form
// English news uses; the GeoNames name stays an alias.
var admin1Names = map[string]string{
	// Ukraine: GeoNames gives the bare city name; news says "X Oblast".
	"UA.27": "Zhytomyr Oblast", "UA.26": "Zaporizhzhia Oblast", "UA.25": "Zakarpattia Oblast",
	"UA.24": "Volyn Oblast", "UA.23": "Vinnytsia Oblast", "UA.22": "Ternopil Oblast",
	"UA.21": "Sumy Oblast", "UA.20": "Sevastopol", "UA.19": "Rivne Oblast", "UA.18": "Poltava Oblast",
	"UA.17": "Odesa Oblast", "UA.16": "Mykolaiv Oblast", "UA.15": "Lviv Oblast", "UA.14": "Luhansk Oblast",
	"UA.13": "Kyiv Oblast", "UA.12": "Kyiv City", "UA.11": "Crimea", "UA.10": "Kirovohrad Oblast",
	"UA.09": "Khmelnytskyi Oblast", "UA.08": "Kherson Oblast", "UA.07": "Kharkiv Oblast",
	"UA.06": "Ivano-Frankivsk Oblast", "UA.05": "Donetsk Oblast", "UA.04": "Dnipropetrovsk Oblast",
	"UA.03": "Chernivtsi Oblast", "UA.02": "Chernihiv Oblast", "UA.01": "Cherkasy Oblast",
	// Russia: a few regions GeoNames names by the city alone.
	"RU.81": "Ulyanovsk Oblast", "RU.61": "Rostov Oblast", "RU.49": "Murmansk Oblast",
	"RU.42": "Leningrad Oblast", "RU.66": "Saint Petersburg", "RU.06": "Arkhangelsk Oblast",
	"RU.13": "Chelyabinsk Oblast", "RU.30": "Khabarovsk Krai", "RU.59": "Primorsky Krai",
	"RU.92": "Kamchatka Krai", "RU.93": "Zabaykalsky Krai", "RU.17": "Republic of Dagestan",
	"RU.56": "Oryol Oblast", "RU.68": "North Ossetia-Alania",
	// Belarus.
	"BY.07": "Vitebsk Region", "BY.06": "Mogilev Region", "BY.05": "Minsk Region", "BY.03": "Grodno Region",
	"BY.02": "Gomel Region", "BY.01": "Brest Region",
	// Syria: governorates by their English names.
	"SY.13": "Damascus Governorate", "SY.08": "Rif Dimashq", "SY.07": "Deir ez-Zor Governorate",
	"SY.04": "Raqqa Governorate", "SY.01": "Al-Hasakah Governorate", "SY.09": "Aleppo Governorate",
	"SY.12": "Idlib Governorate", "SY.11": "Homs Governorate", "SY.10": "Hama Governorate",
	"SY.06": "Daraa Governorate", "SY.05": "As-Suwayda Governorate", "SY.14": "Tartus Governorate",
	"SY.03": "Quneitra Governorate", "SY.02": "Latakia Governorate",
	// Somalia: the spellings of Somali and international reporting.
	"SO.14": "Lower Shabelle", "SO.13": "Middle Shabelle", "SO.07": "Hiraan", "SO.05": "Galgaduud",
	"SO.02": "Banadir",
	// Sudan: the Darfur and Kordofan states as news names them.
	"SD.47": "West Darfur", "SD.49": "South Darfur", "SD.55": "North Darfur", "SD.60": "East Darfur",
	"SD.50": "South Kordofan", "SD.62": "West Kordofan", "SD.38": "Gezira", "SD.39": "Gedaref",
	// Lebanon, Iraq, Yemen: English forms.
	"LB.05": "Mount Lebanon", "LB.04": "Beirut Governorate", "LB.09": "North Governorate",
	"LB.08": "Beqaa", "LB.07": "Nabatieh", "LB.10": "Akkar",
	"IQ.11": "Erbil Governorate", "IQ.15": "Nineveh Governorate", "IQ.01": "Anbar",
	"YE.26": "Sanaa City", "YE.04": "Hadramawt",
	// Ethiopia, DR Congo, Myanmar, Mali, Libya, Kenya: the English forms.
	"ET.51": "Oromia", "ET.45": "Afar", "ET.47": "Benishangul-Gumuz", "CD.11": "North Kivu",
	"MM.10": "Sagaing", "ML.08": "Timbuktu", "LY.69": "Benghazi", "LY.72": "Misrata",
	"KE.14": "Elgeyo-Marakwet", "KE.05": "Nairobi", "KE.49": "Tharaka-Nithi",
}

// admin1Aliases adds other spellings of first-level regions.
var admin1Aliases = map[string][]string{
	"UA.27": {"Zhitomir"}, "UA.26": {"Zaporozhye", "Zaporizhia", "Zaporizhzhya"},
	"UA.25": {"Transcarpathia", "Zakarpattia", "Zakarpattya"}, "UA.23": {"Vinnytsya", "Vinnitsa"},
	"UA.17": {"Odessa", "Odesa"}, "UA.16": {"Nikolaev", "Mykolayiv", "Nikolayev"}, "UA.14": {"Lugansk"},
	"UA.13": {"Kiev", "Kyiv", "Kyivska"}, "UA.12": {"Kiev City"}, "UA.11": {"Crimean Peninsula", "Republic of Crimea", "Autonomous Republic of Crimea"},
	"UA.10": {"Kirovograd", "Kropyvnytskyi"}, "UA.08": {"Kherson"}, "UA.07": {"Kharkov", "Kharkiv"},
	"UA.05": {"Donetsk"}, "UA.04": {"Dnipro", "Dnepropetrovsk", "Dnipropetrovsk"}, "UA.02": {"Chernigov"},
	"UA.01": {"Cherkassy"}, "UA.20": {"Sevastopol City"},
	"RU.17": {"Dagestan", "Daghestan"}, "RU.12": {"Chechen Republic", "Chechnya"}, "RU.19": {"Ingushetia"},
	"RU.22": {"Kabardino-Balkaria"}, "RU.73": {"Tatarstan"}, "RU.08": {"Bashkortostan", "Bashkiria"},
	"RU.66": {"St. Petersburg", "St Petersburg"},
	"BY.03": {"Hrodna", "Grodno"}, "BY.07": {"Vitsebsk"}, "BY.06": {"Mahilyow"}, "BY.02": {"Homel"},
	"SY.13": {"Dimashq"}, "SY.08": {"Rif-dimashq", "Damascus Countryside", "Rural Damascus", "Reef Damascus"},
	"SY.04": {"Raqqa", "Ar-Raqqah", "Al-Raqqa"}, "SY.01": {"Hasakah", "Hasakeh", "Al-Hasakah"},
	"SY.05": {"Suwayda", "Sweida"}, "SY.06": {"Deraa", "Dara'a"},
	"SO.14": {"Lower Shabeelle"}, "SO.13": {"Middle Shabele", "Middle Shabeelle"},
	"SO.07": {"Hiiraan", "Hiran"}, "SO.05": {"Galguduud", "Galgadud"}, "SO.02": {"Banaadir", "Benadir"},
	"SO.20": {"Woqooyi Galbeed", "Maroodi Jeex"}, "SO.18": {"Nugal"},
	"SD.38": {"Al Jazirah", "Gezira State"}, "SD.39": {"Al Qadarif", "Gedaref State"},
	"SD.47": {"Western Darfur"}, "SD.49": {"Southern Darfur"}, "SD.55": {"Northern Darfur"},
	"SD.60": {"Eastern Darfur"}, "SD.50": {"Southern Kordofan"}, "SD.62": {"West Kordofan State"},
	"PS.GZ": {"Gaza Strip", "Gaza strip"}, "PS.WE": {"West Bank", "Occupied West Bank"},
	"IL.WE": {"Judea and Samaria"},
	"ET.51": {"Oromiya"}, "ET.54": {"SNNP", "Southern Nations, Nationalities, and Peoples' Region"},
	"CD.11": {"Nord-Kivu"}, "CD.12": {"Sud-Kivu"}, "ML.08": {"Tombouctou"}, "PK.03": {"KP", "KPK"},
	"KE.14": {"Elgeyo Marakwet", "Keiyo-Marakwet"},
}

// regions are well-known areas that are not GeoNames first-level regions but
// that news names as such; their point is the centroid of their members.
var regions = []struct {
	Code    string // pseudo admin1 code CC.XXX
	Name    string
	Members []string // admin1 codes
	Aliases []string
}{
	{"SD.DARFUR", "Darfur", []string{"SD.47", "SD.49", "SD.55", "SD.60", "SD.61"}, nil},
	{"SD.KORDOFAN", "Kordofan", []string{"SD.50", "SD.56", "SD.62"}, nil},
	{"UA.DONBAS", "Donbas", []string{"UA.05", "UA.14"}, []string{"Donbass", "Donets Basin"}},
	{"SO.PUNTLAND", "Puntland", []string{"SO.03", "SO.18"}, nil},
	{"SO.SOMALILAND", "Somaliland", []string{"SO.21", "SO.20", "SO.19", "SO.22", "SO.12"}, nil},
	{"SO.JUBALAND", "Jubaland", []string{"SO.06", "SO.08", "SO.09"}, nil},
	{"SO.SOUTHWEST", "South West State", []string{"SO.04", "SO.01", "SO.14"}, []string{"Southwest State", "South West State of Somalia"}},
	{"SO.GALMUDUG", "Galmudug", []string{"SO.05", "SO.10"}, nil},
	{"SO.HIRSHABELLE", "Hirshabelle", []string{"SO.07", "SO.13"}, nil},
	{"EG.SINAI", "Sinai", []string{"EG.27", "EG.26"}, []string{"Sinai Peninsula"}},
	{"SY.GOLAN", "Golan Heights", []string{"SY.03"}, []string{"Golan"}},
}

// placeNames replaces the GeoNames name of well-known places ("CC|name")
// with the spelling English news uses; the GeoNames name stays an alias.
var placeNames = map[string]string{
	"UA|Zaporizhzhya": "Zaporizhzhia", "UA|Vinnytsya": "Vinnytsia", "UA|Mykolayiv": "Mykolaiv",
	"UA|Kryvyy Rih": "Kryvyi Rih", "UA|Kropyvnytskyy": "Kropyvnytskyi", "UA|Kamyanske": "Kamianske",
	"UA|Lysychans'k": "Lysychansk", "UA|Syevyerodonets'k": "Sievierodonetsk", "UA|Kramators'k": "Kramatorsk",
	"UA|Slov'yans'k": "Sloviansk", "UA|Kup'yans'k": "Kupiansk", "UA|Bakhmut": "Bakhmut",
	"UA|Vuhledar": "Vuhledar", "UA|Avdiyivka": "Avdiivka", "UA|Pokrovs'k": "Pokrovsk",
	"UA|Chasiv Yar": "Chasiv Yar", "UA|Toretsk": "Toretsk", "UA|Enerhodar": "Enerhodar",
	"UA|Nova Kakhovka": "Nova Kakhovka", "UA|Izyum": "Izium", "UA|Kreminna": "Kreminna",
	"SY|Hamah": "Hama", "SY|Ar Raqqah": "Raqqa", "SY|Al Hasakah": "Hasakah", "SY|Dar'a": "Daraa",
	"RU|Groznyy": "Grozny", "RU|Rostov-na-Donu": "Rostov-on-Don", "RU|Ryazan'": "Ryazan",
	"RU|Stavropol'": "Stavropol", "RU|Orel": "Oryol", "RU|Arkhangel'sk": "Arkhangelsk",
	"RU|Nizhniy Novgorod": "Nizhny Novgorod", "RU|Staryy Oskol": "Stary Oskol", "RU|Syzran'": "Syzran",
	"RU|Nazran'": "Nazran", "RU|Sudzha": "Sudzha",
	"SO|Hargeysa": "Hargeisa", "PS|Rafah": "Rafah", "LB|Ra's Bayrut": "Ras Beirut",
}
