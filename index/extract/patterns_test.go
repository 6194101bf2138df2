package extract

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// This file is the phrasing-pattern suite of issue 11: the specification of
// place and actor extraction, written as one or two invented sentences per
// way English names (or seems to name, but does not) a place. Every sentence
// here is made up for this suite; none is taken from the evaluation data.
// The expectations are what a careful analyst would want from the sentence
// alone, not what the code does today, so cases may fail until the
// extraction catches up; the test logs "pattern suite: N cases, M pass" and
// lists the failing cases by pattern family.
//
// Names of unknown villages are invented and checked to be absent from the
// embedded gazetteer; known places are real and present in it.
//
// Decisions on how English works, applied throughout:
//
//   - An unknown name after a strong locative cue (in, at, near, outside,
//     from, between ... and ..., residents of, the town of, around,
//     towards, north of, a type word such as village or market) is a place.
//     Its country comes from a region named beside it, else from the
//     country the text is about; with neither, its country stays empty:
//     the extractor never invents one, and never borrows the country of a
//     foreign place that happens to be named nearby.
//   - An institution named after the place it serves or stands in
//     ("Bungoma Polytechnic", "Nairobi Hospital", "Kharkiv City Council")
//     names that place: the place is extracted, the institution is not a
//     place of its own. Names whose place word carries no claim about where
//     the story happens (treaties such as the Geneva Conventions, newspapers
//     such as the Washington Post) name no place.
//   - A country or capital that does something only a government or an
//     army can do is that government or army, an actor, not a place
//     ("Moscow blamed Washington", "Russia's strikes", "US-led",
//     "Turkish-backed"): the army when the act is military (strikes,
//     launches, shells), the government when it speaks or decides (says,
//     blames, accuses, summons, withdraws). A backer ("Turkish-backed
//     forces") is neither the place nor the actor of the event. Where
//     something happens in, to or at it, it stays a place ("in Russia",
//     "a Russian border town", "Kyiv was shelled", "protesters marched in
//     Washington"): being the patient or the setting of a physical event is
//     the place reading.
//   - Peoples, clans and ethnic groups are not places, even when a foreign
//     (or a domestic) village shares their name, unless the text gives the
//     word a place reading ("the Amhara region" is a place, "Amhara
//     farmers" are people).
//   - Parts of personal names and of compound names (of persons, former
//     provinces, districts) are not places of their own.
//   - A title alone ("President", "Head", "the Minister") is not a person.

// patternPlace is a place a sentence must yield. A Location matches when its
// Name or one of its Mentions equals name (any case), or is name followed by
// an administrative type word ("Bannu District" for "Bannu"); country ""
// means the country must be empty; admin1 is checked only when set.
type patternPlace struct {
	name, country, admin1 string
}

type patternCase struct {
	name         string // pattern family / pattern, e.g. "locative/in-unknown-village"
	text         string
	published    string // optional, YYYY-MM-DD
	places       []patternPlace
	notPlaces    []string // must not be a Location's Name or Mention (any case)
	actors       []string // canonical actor names that must be found
	notActors    []string // actor names that must not be found (any case)
	notCountries []string // ISO2 codes no extracted Location may have
}

var patternCases = []patternCase{
	// --- Bare unknown names after locative cues.
	{
		name:   "locative/in-unknown-village",
		text:   "Clashes erupted in Kapsiringo on Sunday after cattle were stolen, Nakuru county police said.",
		places: []patternPlace{{"Kapsiringo", "KE", ""}, {"Nakuru", "KE", "Nakuru"}},
	},
	{
		name:   "locative/in-unknown-no-country-cue",
		text:   "Gunmen torched several homes in Lomuketa overnight, witnesses said.",
		places: []patternPlace{{"Lomuketa", "", ""}},
	},
	{
		name:   "locative/at-unknown",
		text:   "A bus was set on fire at Sirongai on the road to Kitale.",
		places: []patternPlace{{"Sirongai", "KE", ""}, {"Kitale", "KE", "Trans Nzoia"}},
	},
	{
		name:   "locative/near-unknown-somalia",
		text:   "Al Shabaab fighters ambushed a supply convoy near Garasbaaro in the Bay region.",
		places: []patternPlace{{"Garasbaaro", "SO", "Bay"}, {"Bay", "SO", "Bay"}},
		actors: []string{"Al Shabaab"},
	},
	{
		name:   "locative/outside-unknown-mali",
		text:   "Jihadists killed six traders outside Sokoundi, in the Mopti region of Mali.",
		places: []patternPlace{{"Sokoundi", "ML", "Mopti"}, {"Mali", "ML", ""}},
		actors: []string{"Traders"},
	},
	{
		name:   "locative/from-unknown-sudan",
		text:   "Families displaced from Um Shagara reached El Fasher on foot after three days.",
		places: []patternPlace{{"Um Shagara", "SD", ""}, {"El Fasher", "SD", "North Darfur"}},
	},
	{
		name:   "locative/between-two-unknowns",
		text:   "Fighting between Ngarisha and Kabarsoi left three herders dead in Baringo county.",
		places: []patternPlace{{"Ngarisha", "KE", ""}, {"Kabarsoi", "KE", ""}, {"Baringo", "KE", "Baringo"}},
		actors: []string{"Pastoralists"},
	},
	{
		name:   "locative/between-known-and-unknown-nigeria",
		text:   "Bandits blocked the road between Gusau and Gidan Bakwai on Friday, Zamfara police said.",
		places: []patternPlace{{"Gusau", "NG", "Zamfara"}, {"Gidan Bakwai", "NG", ""}},
	},
	{
		name:   "locative/residents-of-unknown",
		text:   "Residents of Eluanda blocked the highway to demand the arrest of the killers, Kakamega police said.",
		places: []patternPlace{{"Eluanda", "KE", ""}},
	},
	{
		name:   "locative/the-town-of-unknown",
		text:   "Soldiers regained control of the town of Tangadougou in northern Burkina Faso.",
		places: []patternPlace{{"Tangadougou", "BF", ""}, {"Burkina Faso", "BF", ""}},
	},
	{
		name:   "locative/the-village-of-unknown-ethiopia",
		text:   "Fano fighters entered the village of Harooda, in the Amhara region, at dawn.",
		places: []patternPlace{{"Harooda", "ET", "Amhara"}, {"Amhara", "ET", "Amhara"}},
		actors: []string{"Fano"},
	},
	{
		name:   "locative/around-unknown-syria",
		text:   "Heavy shelling was reported around Kafr Suwaid, in Idlib province, on Thursday.",
		places: []patternPlace{{"Kafr Suwaid", "SY", "Idlib Governorate"}},
	},
	{
		name:   "locative/towards-unknown-drc",
		text:   "Hundreds of families fled towards Kasokolo as M23 rebels advanced in North Kivu.",
		places: []patternPlace{{"Kasokolo", "CD", ""}, {"North Kivu", "CD", ""}},
		actors: []string{"M23"},
	},
	{
		name:   "locative/north-of-unknown-niger",
		text:   "The convoy was attacked 20 km north of Tingarassa in Niger's Tillaberi region.",
		places: []patternPlace{{"Tingarassa", "NE", "Tillaberi"}, {"Tillaberi", "NE", "Tillaberi"}},
	},
	{
		name:   "locative/south-of-known",
		text:   "An explosive device struck an army truck 15 kilometres south of Djibo.",
		places: []patternPlace{{"Djibo", "BF", "Sahel"}},
	},
	{
		name:   "locative/sentence-start-unknown",
		text:   "Kiptarak residents protested on Monday over a land dispute with a ranch in Laikipia.",
		places: []patternPlace{{"Kiptarak", "KE", ""}, {"Laikipia", "KE", "Laikipia"}},
	},
	{
		name:   "locative/sentence-start-unknown-traders",
		text:   "Nyakiboro traders counted their losses after a night fire, Migori county officials said.",
		places: []patternPlace{{"Nyakiboro", "KE", ""}},
		actors: []string{"Traders"},
	},
	{
		name:   "locative/into-unknown-sudan",
		text:   "RSF fighters stormed into Hillat Tomboz, in North Darfur, and looted livestock.",
		places: []patternPlace{{"Hillat Tomboz", "SD", "North Darfur"}},
		actors: []string{"Rapid Support Forces"},
	},
	{
		name:   "locative/in-unknown-pakistan",
		text:   "Militants attacked a police post in Mir Alam Kalay, in the Bannu district of Khyber Pakhtunkhwa.",
		places: []patternPlace{{"Mir Alam Kalay", "PK", "Khyber Pakhtunkhwa"}, {"Bannu", "PK", "Khyber Pakhtunkhwa"}},
	},
	{
		name:   "locative/in-unknown-myanmar",
		text:   "Airstrikes hit Nyaung Kyat Taw in Sagaing region, killing 11 villagers, a local group said.",
		places: []patternPlace{{"Nyaung Kyat Taw", "MM", ""}, {"Sagaing", "MM", ""}},
	},
	{
		name:   "locative/a-village-in-province-afghanistan",
		text:   "Taliban forces detained two men in Deh Khoshkak, a village in Kandahar province.",
		places: []patternPlace{{"Deh Khoshkak", "AF", "Kandahar"}, {"Kandahar", "AF", "Kandahar"}},
		actors: []string{"Taliban"},
	},
	{
		name:   "locative/in-unknown-territory-drc",
		text:   "CODECO militiamen killed nine people in Lubundu, Djugu territory, Ituri province.",
		places: []patternPlace{{"Lubundu", "CD", "Ituri"}, {"Djugu", "CD", "Ituri"}},
		actors: []string{"CODECO"},
	},
	{
		name:   "locative/in-unknown-south-kaduna",
		text:   "Gunmen killed 12 people at a church in Kurmin Tsaba, in southern Kaduna, on Sunday.",
		places: []patternPlace{{"Kurmin Tsaba", "NG", "Kaduna"}},
	},
	{
		name:   "locative/in-unknown-south-lebanon",
		text:   "An Israeli drone struck a car in Kfar Shabrin, in south Lebanon, killing its driver.",
		places: []patternPlace{{"Kfar Shabrin", "LB", ""}, {"Lebanon", "LB", ""}},
	},
	{
		name:   "locative/east-of-known-gaza",
		text:   "Residents said tanks moved into Khirbet Umm Qassa, east of Khan Younis, before dawn.",
		places: []patternPlace{{"Khirbet Umm Qassa", "PS", ""}, {"Khan Younis", "PS", "Gaza Strip"}},
	},
	{
		name:   "locative/a-village-in-the-region-ukraine",
		text:   "Russian forces shelled Novoyarivka, a village in the Kharkiv region, wounding two.",
		places: []patternPlace{{"Novoyarivka", "UA", "Kharkiv Oblast"}},
		actors: []string{"Russian armed forces"},
	},
	{
		name:   "locative/in-unknown-somali-spelling",
		text:   "Clan militias fought in Ceel Dhabo over grazing land in Galgaduud.",
		places: []patternPlace{{"Ceel Dhabo", "SO", "Galgaduud"}},
	},
	{
		name:   "locative/residents-of-multiword-unknown",
		text:   "Residents of Wachale Bere fled after the raid, officials in Oromia said.",
		places: []patternPlace{{"Wachale Bere", "ET", ""}, {"Oromia", "ET", ""}},
	},
	{
		name:   "locative/fled-unknown-to-known",
		text:   "Thousands fled Kalbaruk for Goma after the shelling, aid workers said.",
		places: []patternPlace{{"Kalbaruk", "CD", ""}, {"Goma", "CD", "North Kivu"}},
		actors: []string{"Aid Workers"},
	},
	{
		name:   "locative/outskirts-of-known",
		text:   "Drones struck the outskirts of Kryvyi Rih overnight.",
		places: []patternPlace{{"Kryvyi Rih", "UA", "Dnipropetrovsk Oblast"}},
	},
	{
		name:         "locative/in-lower-case-al-name",
		text:         "Clashes erupted in al-Sawadiya, east of Hama, after midnight.",
		places:       []patternPlace{{"al-Sawadiya", "SY", ""}, {"Hama", "SY", "Hama Governorate"}},
		notCountries: []string{"YE"},
	},
	{
		name:   "locative/the-town-of-lower-case-al-name",
		text:   "Turkish-backed factions clashed in the town of al-Bab.",
		places: []patternPlace{{"al-Bab", "SY", "Aleppo Governorate"}},
	},

	// --- Counter-patterns of the locative cues: capitalised words after a cue that are not places.
	{
		name:      "counter/in-language-holiday-institution",
		text:      "The statement, read in Arabic during Ramadan, was debated in Parliament in Nairobi.",
		places:    []patternPlace{{"Nairobi", "KE", ""}},
		notPlaces: []string{"Arabic", "Ramadan", "Parliament"},
	},
	{
		name:      "counter/between-two-actors",
		text:      "Talks between Hamas and Fatah resumed in Cairo on Monday.",
		places:    []patternPlace{{"Cairo", "EG", ""}},
		notPlaces: []string{"Hamas", "Fatah"},
		actors:    []string{"Hamas", "Palestinian Authority"},
	},
	{
		name:      "counter/from-news-agencies",
		text:      "According to information from Reuters and AFP, the attack took place in Gao.",
		places:    []patternPlace{{"Gao", "ML", "Gao"}},
		notPlaces: []string{"Reuters", "AFP"},
	},
	{
		name:      "counter/near-a-person",
		text:      "Gunmen opened fire near Governor Abdullahi's residence in Mandera town.",
		places:    []patternPlace{{"Mandera", "KE", "Mandera"}},
		notPlaces: []string{"Governor", "Abdullahi"},
	},
	{
		name:      "counter/sentence-start-common-words",
		text:      "Witnesses said the attackers wore uniforms. Elders later met in Garissa. Tensions remain high.",
		places:    []patternPlace{{"Garissa", "KE", "Garissa"}},
		notPlaces: []string{"Witnesses", "Elders", "Tensions"},
	},
	{
		name:      "counter/towards-a-person",
		text:      "Hostility towards Kenyatta supporters grew in Nyeri after the vote.",
		places:    []patternPlace{{"Nyeri", "KE", "Nyeri"}},
		notPlaces: []string{"Kenyatta"},
	},
	{
		name:         "counter/in-an-operation-name",
		text:         "Three soldiers wounded in Operation Linda Boni were flown to Mombasa.",
		places:       []patternPlace{{"Mombasa", "KE", "Mombasa"}},
		notPlaces:    []string{"Operation Linda Boni", "Operation", "Linda"},
		notCountries: []string{"DE", "ID"},
	},
	{
		name:      "counter/in-month-and-weekday",
		text:      "In March and again on Tuesday, fighting was reported in Bunia.",
		places:    []patternPlace{{"Bunia", "CD", "Ituri"}},
		notPlaces: []string{"March", "Tuesday"},
	},
	{
		name:      "counter/residents-of-the-area",
		text:      "Residents of the area said the attackers came from the direction of Wajir.",
		places:    []patternPlace{{"Wajir", "KE", "Wajir"}},
		notPlaces: []string{"Area", "the area"},
	},
	{
		name:         "counter/at-a-meeting-of-an-organisation",
		text:         "Speaking at the African Union summit, the minister condemned the killings in Tahoua.",
		places:       []patternPlace{{"Tahoua", "NE", "Tahoua"}},
		notPlaces:    []string{"African Union", "Union"},
		actors:       []string{"African Union"},
		notCountries: []string{"US"},
	},

	// --- "in X, Region": the unknown X takes its country (and admin1) from the region after the comma.
	{
		name:   "comma-region/unknown-in-county-named-like-its-town",
		text:   "A man was lynched by a mob in Kamuruto, Kisumu, on Saturday.",
		places: []patternPlace{{"Kamuruto", "KE", "Kisumu"}, {"Kisumu", "KE", "Kisumu"}},
		actors: []string{"Rioters"},
	},
	{
		name:   "comma-region/unknown-in-somali-region",
		text:   "Al Shabaab collected zakat in Qorof-weyne, Hiraan, residents said.",
		places: []patternPlace{{"Qorof-weyne", "SO", "Hiraan"}},
		actors: []string{"Al Shabaab"},
	},
	{
		name:   "comma-region/unknown-in-malian-region",
		text:   "Dozo hunters clashed with JNIM militants in Bamabe, Segou.",
		places: []patternPlace{{"Bamabe", "ML", "Segou"}},
		actors: []string{"Jama'at Nusrat al-Islam wal-Muslimin"},
	},
	{
		name:         "comma-region/unknown-in-nigerian-state",
		text:         "Herders attacked farmers in Ungwan Dikko, Plateau State, killing seven.",
		places:       []patternPlace{{"Ungwan Dikko", "NG", "Plateau"}},
		actors:       []string{"Pastoralists", "Farmers"},
		notCountries: []string{"BJ", "LC"},
	},
	{
		name:   "comma-region/unknown-in-syrian-governorate",
		text:   "Turkish drones struck Tal Hamiko, Hasakah, killing two SDF fighters.",
		places: []patternPlace{{"Tal Hamiko", "SY", "Al-Hasakah Governorate"}},
		actors: []string{"Syrian Democratic Forces"},
	},
	{
		name:   "comma-region/unknown-in-afghan-province",
		text:   "A landmine exploded in Qala-e-Sarband, Helmand, wounding three children.",
		places: []patternPlace{{"Qala-e-Sarband", "AF", "Helmand"}},
	},
	{
		name:   "comma-region/unknown-in-indian-state",
		text:   "Gunmen torched houses in Kangpokchen, Manipur, after the ambush.",
		places: []patternPlace{{"Kangpokchen", "IN", "Manipur"}},
	},
	{
		name:   "comma-region/unknown-in-oblast",
		text:   "A drone hit a farm in Krasnopilivka, Sumy Oblast, on Wednesday.",
		places: []patternPlace{{"Krasnopilivka", "UA", "Sumy Oblast"}},
	},
	{
		name:   "comma-region/unknown-in-county-kakamega",
		text:   "Police arrested four suspects in Mulukoba, Kakamega, after the robbery.",
		places: []patternPlace{{"Mulukoba", "KE", "Kakamega"}},
	},
	{
		name:   "comma-region/unknown-in-ethiopian-region",
		text:   "Unidentified gunmen attacked Kersamuda, Oromia, at night.",
		places: []patternPlace{{"Kersamuda", "ET", ""}},
		actors: []string{"Unidentified Armed Group"},
	},
	{
		name:   "comma-region/unknown-in-burkinabe-region",
		text:   "Volunteers for the Defence of the Homeland repelled an attack on Bilgoude, Centre-Nord.",
		places: []patternPlace{{"Bilgoude", "BF", "Centre-Nord"}},
		actors: []string{"Burkinabe armed forces"},
	},
	{
		name:         "comma-region/region-name-shared-abroad",
		text:         "Floods cut off Matunguja, Meru, and two other villages.",
		places:       []patternPlace{{"Matunguja", "KE", "Meru"}, {"Meru", "KE", "Meru"}},
		notCountries: []string{"TZ", "FR"},
	},
	{
		name:   "comma-region/unknown-comma-country",
		text:   "Artillery fire hit Wad Ashoul, Sudan, on Tuesday.",
		places: []patternPlace{{"Wad Ashoul", "SD", ""}, {"Sudan", "SD", ""}},
	},
	{
		name:   "comma-region/list-is-not-a-hierarchy",
		text:   "Protests were reported in Kisumu, Nakuru and Eldoret.",
		places: []patternPlace{{"Kisumu", "KE", "Kisumu"}, {"Nakuru", "KE", "Nakuru"}, {"Eldoret", "KE", "Uasin Gishu"}},
	},
	{
		name:         "comma-region/known-name-also-foreign",
		text:         "Suspected Al Shabaab militants raided Kiunga, Lamu county, and burnt a police post.",
		places:       []patternPlace{{"Kiunga", "KE", "Lamu"}},
		notCountries: []string{"PG"},
	},
	{
		name:         "comma-region/unknown-spelled-like-foreign-place",
		text:         "Raiders drove off 300 goats from Sololo, Marsabit.",
		places:       []patternPlace{{"Sololo", "KE", "Marsabit"}},
		notCountries: []string{"GM"},
	},

	// --- Type words before or after the name.
	{
		name:   "type/market-after-name",
		text:   "Traders at Nyangweta market in Kisii county protested over new levies.",
		places: []patternPlace{{"Nyangweta", "KE", ""}},
		actors: []string{"Traders"},
	},
	{
		name:   "type/location-after-name",
		text:   "The chief of Kapkures location, Nandi county, said four cows were stolen.",
		places: []patternPlace{{"Kapkures", "KE", "Nandi"}},
	},
	{
		name:   "type/refugee-camp-after-name",
		text:   "A refugee was stabbed in Olposimoru refugee camp in Turkana.",
		places: []patternPlace{{"Olposimoru", "KE", "Turkana"}},
	},
	{
		name:   "type/camp-after-known",
		text:   "Shelling hit the Zamzam camp near El Fasher, killing dozens of displaced people.",
		places: []patternPlace{{"Zamzam", "SD", ""}, {"El Fasher", "SD", "North Darfur"}},
		actors: []string{"Refugees"},
	},
	{
		name:   "type/estate-after-name",
		text:   "Thugs robbed shops in Kiwanjani estate, Nakuru, on Friday night.",
		places: []patternPlace{{"Kiwanjani", "KE", "Nakuru"}},
	},
	{
		name:   "type/ward-after-name",
		text:   "Voters in Olmaroroi ward in Narok county queued from dawn.",
		places: []patternPlace{{"Olmaroroi", "KE", "Narok"}},
	},
	{
		name:   "type/sub-county-after-name",
		text:   "Schools in Mosobeti sub-county were closed after bandit attacks.",
		places: []patternPlace{{"Mosobeti", "", ""}},
	},
	{
		name:   "type/capitalised-town-after-name",
		text:   "Police in Tumbelei Town, Baringo, fired tear gas at protesters.",
		places: []patternPlace{{"Tumbelei", "KE", "Baringo"}},
		actors: []string{"Protesters"},
	},
	{
		name:   "type/adjective-before-name-and-type",
		text:   "Gunmen raided the small Kaplelach shopping centre in Bomet county at night.",
		places: []patternPlace{{"Kaplelach", "KE", "Bomet"}},
	},
	{
		name:   "type/trading-centre-after-name",
		text:   "A lorry ploughed into stalls at Lolkerisho trading centre, Kajiado.",
		places: []patternPlace{{"Lolkerisho", "KE", "Kajiado"}},
	},
	{
		name:         "type/the-area-of-region",
		text:         "Gangs have terrorised the Kamuthi area of Nakuru for weeks.",
		places:       []patternPlace{{"Kamuthi", "KE", "Nakuru"}},
		notCountries: []string{"IN"},
	},
	{
		name:   "type/village-comma-county",
		text:   "Police recovered a body in Shikoti village, Kakamega county.",
		places: []patternPlace{{"Shikoti", "KE", "Kakamega"}},
	},
	{
		name:   "type/village-at-sentence-end",
		text:   "Soldiers from the 5th battalion in Turkana camped near Nakwamoru village.",
		places: []patternPlace{{"Nakwamoru", "KE", ""}},
	},
	{
		name:   "type/village-plural-after-two-names",
		text:   "Militants burned Kiloleo and Shembekwa villages in the Mopti region.",
		places: []patternPlace{{"Kiloleo", "ML", "Mopti"}, {"Shembekwa", "ML", "Mopti"}},
	},
	{
		name:   "type/neighbourhood-of-city",
		text:   "Airstrikes hit the Hay al-Sawadi neighbourhood of Deir ez-Zor.",
		places: []patternPlace{{"Hay al-Sawadi", "SY", "Deir ez-Zor Governorate"}, {"Deir ez-Zor", "SY", "Deir ez-Zor Governorate"}},
	},
	{
		name:   "type/district-after-known",
		text:   "Fighting spread across Qandala district on Monday.",
		places: []patternPlace{{"Qandala", "SO", "Bari"}},
	},
	{
		name:   "type/county-after-multiword-known",
		text:   "Floods displaced 2,000 families in Tana River county.",
		places: []patternPlace{{"Tana River", "KE", "Tana River"}},
	},
	{
		name:   "type/province-after-known",
		text:   "Islamic State Khorasan claimed the bombing in Nangarhar province.",
		places: []patternPlace{{"Nangarhar", "AF", "Nangarhar"}},
		actors: []string{"Islamic State Khorasan Province"},
	},
	{
		name:   "type/territory-after-unknown-district",
		text:   "M23 fighters took control of several hills in Masisi territory, North Kivu.",
		places: []patternPlace{{"Masisi", "CD", "North Kivu"}},
		actors: []string{"M23"},
	},
	{
		name:         "type/township-after-known-foreign-homonym",
		text:         "Resistance fighters seized a police station in Kani township, Sagaing region.",
		places:       []patternPlace{{"Kani", "MM", ""}},
		notCountries: []string{"JP", "CI"},
	},
	{
		name:   "type/local-government-area",
		text:   "Gunmen killed 20 villagers in Bokkos Local Government Area of Plateau State.",
		places: []patternPlace{{"Bokkos", "NG", "Plateau"}},
	},
	{
		name:   "type/rural-commune-of-unknown",
		text:   "The rural commune of Koutoumbou, in the Tillaberi region, was attacked again.",
		places: []patternPlace{{"Koutoumbou", "NE", "Tillaberi"}},
	},
	{
		name:   "type/governorate-after-known",
		text:   "Security forces deployed across Latakia governorate after the clashes.",
		places: []patternPlace{{"Latakia", "SY", "Latakia Governorate"}},
	},
	{
		name:   "type/raion-after-known",
		text:   "Two civilians were killed in the Kupiansk district of the Kharkiv region.",
		places: []patternPlace{{"Kupiansk", "UA", "Kharkiv Oblast"}},
	},
	{
		name:   "type/location-lower-case-before",
		text:   "The attack took place at a location called Dhanaane, west of Mogadishu.",
		places: []patternPlace{{"Dhanaane", "SO", ""}, {"Mogadishu", "SO", ""}},
	},
	{
		name:   "type/area-of-unknown-afghanistan",
		text:   "Fighting continued in the Nawabad area of Kunduz.",
		places: []patternPlace{{"Nawabad", "AF", "Kunduz"}},
	},
	{
		name:      "type/counter-weekday-market",
		text:      "The Monday market in Dori was cancelled after threats.",
		places:    []patternPlace{{"Dori", "BF", "Sahel"}},
		notPlaces: []string{"Monday"},
	},
	{
		name:      "type/counter-type-word-alone",
		text:      "The Village Elders Council and the Town Clerk met in Isiolo.",
		places:    []patternPlace{{"Isiolo", "KE", "Isiolo"}},
		notPlaces: []string{"Village", "Village Elders Council", "Town Clerk", "Town"},
	},
	{
		name:      "type/counter-area-commander",
		text:      "Area Commander Hassan Guyo said the camp in Garissa was calm.",
		places:    []patternPlace{{"Garissa", "KE", "Garissa"}},
		notPlaces: []string{"Area Commander", "Hassan Guyo", "Guyo"},
	},

	// --- Parentheses.
	{
		name:   "paren/district-region-unknown",
		text:   "Security forces raided a house in Dhagax-jiif (Qardho, Bari) and arrested two men.",
		places: []patternPlace{{"Dhagax-jiif", "SO", "Bari"}, {"Qardho", "SO", "Bari"}},
	},
	{
		name:   "paren/region-only",
		text:   "Herders in Ngoswani (Narok) fled with their cattle.",
		places: []patternPlace{{"Ngoswani", "KE", "Narok"}},
		actors: []string{"Pastoralists"},
	},
	{
		name:         "paren/near-known",
		text:         "The bodies were found on a farm (near Molo) on Sunday.",
		places:       []patternPlace{{"Molo", "KE", "Nakuru"}},
		notCountries: []string{"CN"},
	},
	{
		name:   "paren/near-unknown-with-region",
		text:   "Two men were shot at a water point (near Lorogon, Turkana) on Tuesday.",
		places: []patternPlace{{"Lorogon", "KE", "Turkana"}},
	},
	{
		name:      "paren/acronym-is-not-a-place",
		text:      "The Rapid Support Forces (RSF) shelled Omdurman (Khartoum state).",
		places:    []patternPlace{{"Omdurman", "SD", "Khartoum"}},
		notPlaces: []string{"RSF"},
		actors:    []string{"Rapid Support Forces"},
	},
	{
		name:   "paren/country-in-parentheses",
		text:   "Traders crossed into Moyale (Ethiopia) after the market on the Kenyan side closed.",
		places: []patternPlace{{"Moyale", "ET", ""}, {"Ethiopia", "ET", ""}},
	},
	{
		name:   "paren/alternate-name",
		text:   "Turkish drones struck a bakery in Ras al-Ain (Serekaniye) on Friday.",
		places: []patternPlace{{"Ras al-Ain", "SY", "Al-Hasakah Governorate"}},
	},
	{
		name:      "paren/dateline-agency",
		text:      "MAIDUGURI, Nigeria (Reuters) - Gunmen killed four farmers outside the city, police said.",
		places:    []patternPlace{{"Maiduguri", "NG", "Borno"}},
		notPlaces: []string{"Reuters"},
		actors:    []string{"Farmers"},
	},
	{
		name:   "paren/unknown-then-district-then-region-somalia",
		text:   "Clan militias clashed at Bulo Caddey (Belet Weyne, Hiraan) over a well.",
		places: []patternPlace{{"Bulo Caddey", "SO", "Hiraan"}, {"Belet Weyne", "SO", "Hiraan"}},
	},

	// --- Known places that are easy to lose.
	{
		name:   "known/hyphenated-highway",
		text:   "Protesters blocked the Nakuru-Eldoret highway for six hours.",
		places: []patternPlace{{"Nakuru", "KE", "Nakuru"}, {"Eldoret", "KE", "Uasin Gishu"}},
		actors: []string{"Protesters"},
	},
	{
		name:   "known/hyphenated-road-with-unknown",
		text:   "An IED hit a police vehicle on the Garissa-Dadaab road.",
		places: []patternPlace{{"Garissa", "KE", "Garissa"}, {"Dadaab", "KE", ""}},
	},
	{
		name:   "known/hyphenated-road-somalia",
		text:   "Al Shabaab set up checkpoints on the Afgooye-Mogadishu road.",
		places: []patternPlace{{"Afgooye", "SO", "Lower Shabelle"}, {"Mogadishu", "SO", ""}},
		actors: []string{"Al Shabaab"},
	},
	{
		name:   "known/hyphenated-highway-ukraine",
		text:   "Russian drones targeted cars on the Pokrovsk-Kostiantynivka highway.",
		places: []patternPlace{{"Pokrovsk", "UA", "Donetsk Oblast"}, {"Kostiantynivka", "UA", "Donetsk Oblast"}},
	},
	{
		name:   "known/district-written-bare",
		text:   "A school in Balcad was closed after threats from militants.",
		places: []patternPlace{{"Balcad", "SO", "Middle Shabelle"}},
	},
	{
		name:   "known/county-written-bare-same-as-town",
		text:   "Meru residents demanded compensation for the crops destroyed by elephants.",
		places: []patternPlace{{"Meru", "KE", "Meru"}},
	},
	{
		name:      "known/followed-by-capitalised-institution",
		text:      "Bungoma Polytechnic students rioted over fees.",
		places:    []patternPlace{{"Bungoma", "KE", "Bungoma"}},
		notPlaces: []string{"Bungoma Polytechnic", "Polytechnic"},
		actors:    []string{"Students"},
	},
	{
		name:      "known/university-named-after-town",
		text:      "Police fired tear gas at Garissa University students.",
		places:    []patternPlace{{"Garissa", "KE", "Garissa"}},
		notPlaces: []string{"Garissa University"},
		actors:    []string{"Students"},
	},
	{
		name:   "known/lone-small-place",
		text:   "Mwatate hawkers protested against the county levies.",
		places: []patternPlace{{"Mwatate", "KE", "Taita Taveta"}},
	},
	{
		name:   "known/lone-small-place-sahel",
		text:   "Ayorou fishermen said they had not been paid for months.",
		places: []patternPlace{{"Ayorou", "NE", "Tillaberi"}},
		actors: []string{"Fishers"},
	},
	{
		name:      "known/multiword-unknown-with-ordinary-last-word",
		text:      "Youths torched houses in Burnt Forest, Uasin Gishu, after the vote.",
		places:    []patternPlace{{"Burnt Forest", "KE", "Uasin Gishu"}},
		notPlaces: []string{"Forest"},
	},
	{
		name:   "known/multiword-ras-al-ain",
		text:   "Fighting resumed around Ras al-Ain on the Turkish border.",
		places: []patternPlace{{"Ras al-Ain", "SY", ""}},
	},
	{
		name:   "known/multiword-deir-ez-zor",
		text:   "The SDF said it detained 15 suspects in Deir ez-Zor.",
		places: []patternPlace{{"Deir ez-Zor", "SY", "Deir ez-Zor Governorate"}},
		actors: []string{"Syrian Democratic Forces"},
	},
	{
		name:   "known/multiword-kryvyi-rih",
		text:   "A missile hit a hotel in Kryvyi Rih.",
		places: []patternPlace{{"Kryvyi Rih", "UA", "Dnipropetrovsk Oblast"}},
	},
	{
		name:   "known/multiword-bint-jbeil",
		text:   "Israeli artillery shelled Bint Jbeil and the outskirts of Khiam in south Lebanon.",
		places: []patternPlace{{"Bint Jbeil", "LB", ""}, {"Khiam", "LB", ""}},
	},
	{
		name:   "known/multiword-dera-ismail-khan",
		text:   "Gunmen ambushed a police van in Dera Ismail Khan.",
		places: []patternPlace{{"Dera Ismail Khan", "PK", "Khyber Pakhtunkhwa"}},
	},
	{
		name:   "known/multiword-fada-ngourma",
		text:   "A convoy left Fada N'Gourma for the eastern border.",
		places: []patternPlace{{"Fada N'Gourma", "BF", ""}},
	},
	{
		name:   "known/multiword-north-waziristan",
		text:   "A curfew was imposed in North Waziristan after the attack.",
		places: []patternPlace{{"North Waziristan", "PK", "Khyber Pakhtunkhwa"}},
	},
	{
		name:   "known/x-and-y-two-places",
		text:   "ADF rebels killed 18 civilians in Beni and Butembo.",
		places: []patternPlace{{"Beni", "CD", "North Kivu"}, {"Butembo", "CD", "North Kivu"}},
		actors: []string{"Allied Democratic Forces", "Civilians"},
	},
	{
		name:   "known/x-and-y-two-unknowns",
		text:   "Raiders struck Ekalale and Kapsitet in West Pokot county.",
		places: []patternPlace{{"Ekalale", "KE", "West Pokot"}, {"Kapsitet", "KE", "West Pokot"}},
	},
	{
		name:   "known/x-and-y-regions",
		text:   "Aid convoys reached Mopti and Segou last week.",
		places: []patternPlace{{"Mopti", "ML", "Mopti"}, {"Segou", "ML", "Segou"}},
	},
	{
		name:   "known/x-y-and-z-list",
		text:   "The army deployed to Jos, Bokkos and Mangu after the killings.",
		places: []patternPlace{{"Jos", "NG", "Plateau"}, {"Bokkos", "NG", "Plateau"}, {"Mangu", "NG", "Plateau"}},
	},
	{
		name:   "known/possessive-region",
		text:   "Drones struck an oil depot in Russia's Bryansk region.",
		places: []patternPlace{{"Bryansk", "RU", ""}, {"Russia", "RU", ""}},
	},
	{
		name:   "known/possessive-city",
		text:   "Fighting reached Oromia's Moyale district, officials said.",
		places: []patternPlace{{"Oromia", "ET", ""}, {"Moyale", "ET", ""}},
	},
	{
		name:   "known/region-suffixed-nord-kivu",
		text:   "Displaced people in North Kivu's capital, Goma, lack water.",
		places: []patternPlace{{"North Kivu", "CD", ""}, {"Goma", "CD", "North Kivu"}},
	},
	{
		name:   "known/transliteration-mazar",
		text:   "An explosion hit a mosque in Mazar-i-Sharif during Friday prayers.",
		places: []patternPlace{{"Mazar-i-Sharif", "AF", ""}},
	},
	{
		name:   "known/gaza-city-and-strip",
		text:   "Israeli strikes on Gaza City and Jabalia killed dozens.",
		places: []patternPlace{{"Gaza City", "PS", ""}, {"Jabalia", "PS", "Gaza Strip"}},
	},
	{
		name:   "known/diacritics",
		text:   "Attacks were reported in Ségou and in Tillabéri on the same day.",
		places: []patternPlace{{"Segou", "ML", "Segou"}, {"Tillaberi", "NE", "Tillaberi"}},
	},
	{
		name:   "known/local-spelling",
		text:   "Two grenades exploded in Baydhabo market.",
		places: []patternPlace{{"Baidoa", "SO", "Bay"}},
	},
	{
		name:   "type/checkpoint-after-name",
		text:   "Police manned the Gitugi checkpoint in Murang'a after the robbery.",
		places: []patternPlace{{"Gitugi", "KE", ""}},
	},

	// --- Peoples, clans and ethnic groups are not places.
	{
		name:         "ethnic/maasai-and-kipsigis",
		text:         "Maasai and Kipsigis herders clashed over pasture in Narok.",
		places:       []patternPlace{{"Narok", "KE", "Narok"}},
		notPlaces:    []string{"Maasai", "Kipsigis"},
		actors:       []string{"Pastoralists"},
		notCountries: []string{"MY"},
	},
	{
		name:         "ethnic/clans-garre-degodia",
		text:         "Elders of the Garre and Degodia clans met in Wajir to end the feud.",
		places:       []patternPlace{{"Wajir", "KE", "Wajir"}},
		notPlaces:    []string{"Garre", "Degodia"},
		notCountries: []string{"FR"},
	},
	{
		name:      "ethnic/fulani-and-tiv",
		text:      "Fulani herders and Tiv farmers clashed in Benue State.",
		places:    []patternPlace{{"Benue", "NG", "Benue"}},
		notPlaces: []string{"Fulani", "Tiv"},
		actors:    []string{"Pastoralists", "Farmers"},
	},
	{
		name:      "ethnic/fulani-civilians-mali",
		text:      "Dozo militiamen were accused of killing Fulani civilians in central Mali.",
		places:    []patternPlace{{"Mali", "ML", ""}},
		notPlaces: []string{"Fulani", "Dozo"},
		actors:    []string{"Civilians"},
	},
	{
		name:      "ethnic/hazara",
		text:      "Hazara worshippers were targeted at a mosque in Kabul.",
		places:    []patternPlace{{"Kabul", "AF", ""}},
		notPlaces: []string{"Hazara"},
	},
	{
		name:         "ethnic/pashtun",
		text:         "Pashtun activists rallied in Bannu against the military operation.",
		places:       []patternPlace{{"Bannu", "PK", "Khyber Pakhtunkhwa"}},
		notPlaces:    []string{"Pashtun"},
		notCountries: []string{"AF"},
	},
	{
		name:      "ethnic/tuareg-and-dogon",
		text:      "Tuareg and Dogon leaders signed a local truce in Bandiagara.",
		places:    []patternPlace{{"Bandiagara", "ML", "Mopti"}},
		notPlaces: []string{"Tuareg", "Dogon"},
	},
	{
		name:      "ethnic/kikuyu-also-a-town",
		text:      "Kikuyu and Kalenjin youths clashed in Molo after the rally.",
		places:    []patternPlace{{"Molo", "KE", "Nakuru"}},
		notPlaces: []string{"Kikuyu", "Kalenjin"},
	},
	{
		name:         "ethnic/kuki-and-meitei",
		text:         "Kuki and Meitei volunteers exchanged fire in Churachandpur district.",
		places:       []patternPlace{{"Churachandpur", "IN", "Manipur"}},
		notPlaces:    []string{"Kuki", "Meitei"},
		notCountries: []string{"JP"},
	},
	{
		name:      "ethnic/rohingya",
		text:      "Rohingya refugees fled Maungdaw, in Myanmar's Rakhine state, for Bangladesh by boat.",
		places:    []patternPlace{{"Maungdaw", "MM", "Rakhine"}, {"Bangladesh", "BD", ""}},
		notPlaces: []string{"Rohingya"},
		actors:    []string{"Refugees"},
	},
	{
		name:         "ethnic/hema-and-lendu",
		text:         "Hema and Lendu community leaders met in Bunia after the massacre.",
		places:       []patternPlace{{"Bunia", "CD", "Ituri"}},
		notPlaces:    []string{"Hema", "Lendu"},
		notCountries: []string{"CN"},
	},
	{
		name:      "ethnic/masalit",
		text:      "RSF fighters killed Masalit men in Geneina, survivors said.",
		places:    []patternPlace{{"Geneina", "SD", ""}},
		notPlaces: []string{"Masalit"},
		actors:    []string{"Rapid Support Forces"},
	},
	{
		name:      "ethnic/druze-and-alawite",
		text:      "Druze and Alawite residents of Sweida and Latakia fear reprisals.",
		places:    []patternPlace{{"Sweida", "SY", ""}, {"Latakia", "SY", ""}},
		notPlaces: []string{"Druze", "Alawite"},
	},
	{
		name:         "ethnic/nuer-and-dinka",
		text:         "Nuer and Dinka youths fought near Bentiu for a second day.",
		places:       []patternPlace{{"Bentiu", "SS", ""}},
		notPlaces:    []string{"Nuer", "Dinka"},
		notCountries: []string{"CN"},
	},
	{
		name:      "ethnic/amhara-people-not-region",
		text:      "Gunmen killed Amhara farmers in Oromia's West Wollega zone.",
		places:    []patternPlace{{"Oromia", "ET", ""}, {"West Wollega", "ET", ""}},
		notPlaces: []string{"Amhara"},
		actors:    []string{"Farmers"},
	},
	{
		name:   "ethnic/amhara-region-is-a-place",
		text:   "Drone strikes hit a market in the Amhara region.",
		places: []patternPlace{{"Amhara", "ET", "Amhara"}},
	},
	{
		name:      "ethnic/pokot-people-west-pokot-county",
		text:      "Pokot raiders stole 200 goats in Baringo, West Pokot officials said.",
		places:    []patternPlace{{"Baringo", "KE", "Baringo"}, {"West Pokot", "KE", "West Pokot"}},
		notPlaces: []string{"Pokot"},
	},
	{
		name:   "ethnic/somali-region-of-ethiopia",
		text:   "Fighting spread to Ethiopia's Somali region near the border.",
		places: []patternPlace{{"Somali", "ET", "Somali"}, {"Ethiopia", "ET", ""}},
	},
	{
		name:      "ethnic/borana-and-gabra",
		text:      "Borana and Gabra pastoralists clashed in Marsabit.",
		places:    []patternPlace{{"Marsabit", "KE", "Marsabit"}},
		notPlaces: []string{"Borana", "Gabra"},
		actors:    []string{"Pastoralists"},
	},
	{
		name:      "ethnic/clan-militia-is-an-actor",
		text:      "Marehan clan militia attacked a village near Garbahaarey.",
		places:    []patternPlace{{"Garbahaarey", "SO", "Gedo"}},
		notPlaces: []string{"Marehan"},
		actors:    []string{"Marehan Clan Militia"},
	},
	{
		name:      "ethnic/hausa-and-igbo-traders",
		text:      "Hausa and Igbo traders shut their shops in Kaduna after the riots.",
		places:    []patternPlace{{"Kaduna", "NG", "Kaduna"}},
		notPlaces: []string{"Hausa", "Igbo", "Igbo-Ukwu"},
		actors:    []string{"Traders"},
	},

	// --- Parts of names of persons and of compound names are not places.
	{
		name:         "person/first-name-is-a-country",
		text:         "Supporters of Georgia Achieng, an MCA aspirant, protested in Homa Bay town.",
		places:       []patternPlace{{"Homa Bay", "KE", "Homa Bay"}},
		notPlaces:    []string{"Georgia"},
		notCountries: []string{"GE", "US"},
	},
	{
		name:         "person/first-name-is-a-city",
		text:         "Florence Wanjiru, a nurse in Nyeri, said the ward was overwhelmed.",
		places:       []patternPlace{{"Nyeri", "KE", "Nyeri"}},
		notPlaces:    []string{"Florence"},
		notCountries: []string{"IT", "US"},
	},
	{
		name:         "person/first-name-is-a-country-jordan",
		text:         "Jordan Kipchumba, a boda boda rider, was shot dead in Eldoret.",
		places:       []patternPlace{{"Eldoret", "KE", "Uasin Gishu"}},
		notPlaces:    []string{"Jordan", "boda"},
		notCountries: []string{"JO", "CF", "SE"},
	},
	{
		name:      "person/first-name-is-a-country-israel",
		text:      "Defence Minister Israel Katz visited troops in Sderot.",
		places:    []patternPlace{{"Sderot", "IL", ""}},
		notPlaces: []string{"Israel"},
		actors:    []string{"Israel Katz"},
	},
	{
		name:         "person/first-name-is-a-state",
		text:         "Supporters of Virginia Chebet marched to the police station in Kapenguria.",
		places:       []patternPlace{{"Kapenguria", "KE", "West Pokot"}},
		notPlaces:    []string{"Virginia"},
		notCountries: []string{"US", "ZA"},
	},
	{
		name:         "compound/former-province-not-valley",
		text:         "Nakuru was the capital of the former Rift Valley Province.",
		places:       []patternPlace{{"Nakuru", "KE", ""}},
		notPlaces:    []string{"Valley"},
		notCountries: []string{"US", "GB", "DE", "AI"},
	},
	{
		name:         "compound/district-name-not-west-district",
		text:         "Embu West District officials distributed relief food.",
		places:       []patternPlace{{"Embu", "KE", "Embu"}},
		notPlaces:    []string{"West District"},
		notCountries: []string{"IN", "BR"},
	},
	{
		name:         "compound/north-eastern-province",
		text:         "Insecurity in the former North Eastern Province has kept schools shut.",
		notPlaces:    []string{"Eastern Province"},
		notCountries: []string{"SA", "LK", "ZM", "RW"},
	},
	{
		name:      "compound/north-kivu-not-kivu",
		text:      "Fighting intensified in North Kivu on Sunday.",
		places:    []patternPlace{{"North Kivu", "CD", ""}},
		notPlaces: []string{"Kivu"},
	},
	{
		name:         "compound/south-sudan-not-sudan",
		text:         "Refugees from South Sudan arrived in Kakuma this week.",
		places:       []patternPlace{{"South Sudan", "SS", ""}, {"Kakuma", "KE", "Turkana"}},
		notPlaces:    []string{"Sudan"},
		notCountries: []string{"SD"},
		actors:       []string{"Refugees"},
	},
	{
		name:         "compound/central-african-republic-not-africa",
		text:         "Wagner fighters left the Central African Republic for Mali.",
		places:       []patternPlace{{"Central African Republic", "CF", ""}, {"Mali", "ML", ""}},
		actors:       []string{"Wagner Group"},
		notCountries: []string{"ZA"},
	},
	{
		name:         "compound/west-bank-not-bank",
		text:         "Settlers attacked Palestinian farmers in the West Bank.",
		places:       []patternPlace{{"West Bank", "PS", ""}},
		notPlaces:    []string{"Bank"},
		actors:       []string{"Settlers", "Farmers"},
		notCountries: []string{"US"},
	},

	// --- Organisations and instruments named after places.
	{
		name:      "org/city-council-names-its-city",
		text:      "Kharkiv City Council said heating would be restored by Friday.",
		places:    []patternPlace{{"Kharkiv", "UA", "Kharkiv Oblast"}},
		notPlaces: []string{"Kharkiv City Council"},
	},
	{
		name:      "org/city-council-and-separate-mention",
		text:      "Kharkiv City Council said three missiles hit an apartment block in Kharkiv.",
		places:    []patternPlace{{"Kharkiv", "UA", "Kharkiv Oblast"}},
		notPlaces: []string{"Kharkiv City Council"},
	},
	{
		name:      "org/hospital-named-after-city",
		text:      "Four wounded officers were taken to Nairobi Hospital.",
		places:    []patternPlace{{"Nairobi", "KE", ""}},
		notPlaces: []string{"Nairobi Hospital"},
	},
	{
		name:         "org/treaty-named-after-city",
		text:         "Rights groups said the shelling of Sudanese villages violated the Geneva Conventions.",
		notPlaces:    []string{"Geneva", "Geneva Conventions"},
		notCountries: []string{"CH"},
	},
	{
		name:         "org/newspaper-named-after-city",
		text:         "The Washington Post reported that drones hit Port Sudan overnight.",
		places:       []patternPlace{{"Port Sudan", "SD", ""}},
		notPlaces:    []string{"Washington", "Washington Post"},
		notCountries: []string{"US"},
	},
	{
		name:         "org/agreement-named-after-city",
		text:         "The Taliban accused the United States of violating the Doha agreement in Kunar.",
		places:       []patternPlace{{"Kunar", "AF", ""}},
		notPlaces:    []string{"Doha"},
		notCountries: []string{"QA"},
		actors:       []string{"Taliban"},
	},
	{
		name:      "org/hospital-name-in-gaza",
		text:      "Patients were evacuated from the Al-Shifa hospital in Gaza City.",
		places:    []patternPlace{{"Gaza City", "PS", ""}},
		notPlaces: []string{"Al-Shifa"},
	},

	// --- Ordinary words that are also foreign village names.
	{
		name:         "common/boda-boda",
		text:         "Boda boda riders blocked the road in Kitale after a colleague was killed.",
		places:       []patternPlace{{"Kitale", "KE", "Trans Nzoia"}},
		notPlaces:    []string{"Boda"},
		notCountries: []string{"CF", "SE"},
		actors:       []string{"Taxi Drivers"},
	},
	{
		name:         "common/fano-is-a-militia",
		text:         "Fano militias ambushed a convoy near Gondar.",
		places:       []patternPlace{{"Gondar", "ET", "Amhara"}},
		notPlaces:    []string{"Fano"},
		notCountries: []string{"IT"},
		actors:       []string{"Fano"},
	},
	{
		name:      "common/sheikh-is-a-title",
		text:      "Sheikh Abdi Nur, a cleric, was shot dead in Baidoa.",
		places:    []patternPlace{{"Baidoa", "SO", "Bay"}},
		notPlaces: []string{"Sheikh"},
	},
	{
		name:         "common/shura-council",
		text:         "The Taliban's shura met in Kandahar to discuss the ban.",
		places:       []patternPlace{{"Kandahar", "AF", "Kandahar"}},
		notPlaces:    []string{"shura"},
		notCountries: []string{"UA"},
		actors:       []string{"Taliban"},
	},
	{
		name:         "common/bajaj-drivers",
		text:         "Bajaj drivers went on strike in Mogadishu over fuel prices.",
		places:       []patternPlace{{"Mogadishu", "SO", ""}},
		notPlaces:    []string{"Bajaj"},
		notCountries: []string{"IN"},
		actors:       []string{"Taxi Drivers"},
	},
	{
		name:         "common/naga-people",
		text:         "Naga groups blocked the highway to Imphal.",
		places:       []patternPlace{{"Imphal", "IN", "Manipur"}},
		notPlaces:    []string{"Naga"},
		notCountries: []string{"PH", "JP", "ID"},
	},

	// --- An unknown place does not borrow a foreign country; ambiguous names take the article's country.
	{
		name:   "borrow/unknown-next-to-foreign-country",
		text:   "Herders in Namoruputh, Turkana county, fled towards Uganda after the raid.",
		places: []patternPlace{{"Namoruputh", "KE", "Turkana"}, {"Uganda", "UG", ""}},
	},
	{
		name:   "borrow/unknown-next-to-foreign-capital",
		text:   "A trader from Tigassou, in northern Burkina Faso, was arrested in Niamey.",
		places: []patternPlace{{"Tigassou", "BF", ""}, {"Niamey", "NE", ""}},
	},
	{
		name:   "borrow/unknown-in-kenya-near-somalia",
		text:   "Militants who crossed from Somalia attacked Mashako, a village in Lamu county.",
		places: []patternPlace{{"Mashako", "KE", "Lamu"}, {"Somalia", "SO", ""}},
	},
	{
		name:   "borrow/unknown-after-foreign-city-in-other-sentence",
		text:   "The minister flew to Addis Ababa on Monday. On Tuesday gunmen killed five people in Ndokoro, Ituri.",
		places: []patternPlace{{"Ndokoro", "CD", "Ituri"}, {"Addis Ababa", "ET", ""}},
	},
	{
		name:   "borrow/unknown-between-two-countries",
		text:   "Smugglers were intercepted at Thetyin, on the Myanmar side of the Thai border.",
		places: []patternPlace{{"Thetyin", "MM", ""}},
	},
	{
		name:         "ambiguous/bijapur-chhattisgarh",
		text:         "Maoists killed two jawans in Bijapur, Chhattisgarh police said.",
		places:       []patternPlace{{"Bijapur", "IN", "Chhattisgarh"}},
		notCountries: []string{"PK"},
	},
	{
		name:   "ambiguous/hyderabad-sindh",
		text:   "Police in Hyderabad, Sindh, arrested six men after the bombing.",
		places: []patternPlace{{"Hyderabad", "PK", "Sindh"}},
	},
	{
		name:         "ambiguous/tripoli-lebanon",
		text:         "Clashes broke out in Tripoli, Lebanon's second city, as Lebanese troops deployed.",
		places:       []patternPlace{{"Tripoli", "LB", ""}},
		notCountries: []string{"LY", "GR", "US"},
		actors:       []string{"Lebanese Armed Forces"},
	},
	{
		name:         "ambiguous/homs-syria",
		text:         "Syrian security forces set up checkpoints in Homs after the killings near Hama.",
		places:       []patternPlace{{"Homs", "SY", "Homs Governorate"}, {"Hama", "SY", "Hama Governorate"}},
		notCountries: []string{"LY", "JP"},
	},
	{
		name:         "ambiguous/kandahar-afghanistan",
		text:         "Taliban officials in Kandahar announced new restrictions.",
		places:       []patternPlace{{"Kandahar", "AF", "Kandahar"}},
		notCountries: []string{"IN"},
		actors:       []string{"Taliban"},
	},
	{
		name:         "ambiguous/kabul-afghanistan",
		text:         "A blast near a school in Kabul killed students, the Taliban said.",
		places:       []patternPlace{{"Kabul", "AF", ""}},
		notCountries: []string{"IL", "US"},
	},
	{
		name:         "ambiguous/kidal-mali",
		text:         "FAMa and Wagner Group fighters entered Kidal.",
		places:       []patternPlace{{"Kidal", "ML", "Kidal"}},
		notCountries: []string{"ID"},
		actors:       []string{"Malian armed forces", "Wagner Group"},
	},
	{
		name:         "ambiguous/goma-drc",
		text:         "M23 took the airport in Goma.",
		places:       []patternPlace{{"Goma", "CD", "North Kivu"}},
		notCountries: []string{"PH"},
		actors:       []string{"M23"},
	},
	{
		name:         "ambiguous/plateau-nigeria",
		text:         "The governor of Plateau imposed a curfew after attacks near Jos.",
		places:       []patternPlace{{"Plateau", "NG", "Plateau"}, {"Jos", "NG", "Plateau"}},
		notCountries: []string{"BJ", "LC"},
	},
	{
		name:         "ambiguous/embu-kenya",
		text:         "Kenyan police in Embu arrested three suspects.",
		places:       []patternPlace{{"Embu", "KE", "Embu"}},
		notCountries: []string{"BR"},
	},
	{
		name:         "ambiguous/rafah-gaza",
		text:         "Israeli tanks advanced in Rafah, in the southern Gaza Strip.",
		places:       []patternPlace{{"Rafah", "PS", "Gaza Strip"}, {"Gaza Strip", "PS", ""}},
		notCountries: []string{"EG"},
	},
	{
		name:         "ambiguous/sidon-lebanon",
		text:         "Israeli jets struck an apartment in Sidon, killing a Hamas official.",
		places:       []patternPlace{{"Sidon", "LB", ""}},
		notCountries: []string{"US"},
		actors:       []string{"Hamas"},
	},
	{
		name:         "ambiguous/gedo-somalia",
		text:         "Floods displaced thousands in the Gedo region.",
		places:       []patternPlace{{"Gedo", "SO", "Gedo"}},
		notCountries: []string{"ET"},
	},
	{
		name:         "ambiguous/pokrovsk-ukraine",
		text:         "Ukrainian troops withdrew from positions near Pokrovsk in the Donetsk region.",
		places:       []patternPlace{{"Pokrovsk", "UA", "Donetsk Oblast"}},
		notCountries: []string{"RU"},
		actors:       []string{"Ukrainian armed forces"},
	},
	{
		name:         "ambiguous/sagaing-township-myanmar",
		text:         "Myanmar military jets bombed a monastery in Sagaing.",
		places:       []patternPlace{{"Sagaing", "MM", ""}},
		notCountries: []string{"IN"},
		actors:       []string{"Myanmar military"},
	},
	{
		name:         "ambiguous/country-in-headline-prefix",
		text:         "Kenya: Two killed in Kericho as tea pickers protest. Police said the protest began at dawn.",
		published:    "2025-03-04",
		places:       []patternPlace{{"Kericho", "KE", "Kericho"}, {"Kenya", "KE", ""}},
		notCountries: []string{"US"},
	},
	{
		name:         "ambiguous/hyderabad-telangana",
		text:         "Police in Hyderabad, Telangana, detained 20 protesters.",
		places:       []patternPlace{{"Hyderabad", "IN", "Telangana"}},
		notCountries: []string{"PK"},
	},
	{
		name:         "ambiguous/tripoli-libya",
		text:         "Militias clashed in Tripoli, the Libyan capital, overnight.",
		places:       []patternPlace{{"Tripoli", "LY", ""}},
		notCountries: []string{"LB", "GR", "US"},
	},
	{
		name:         "ambiguous/moyale-kenyan-side",
		text:         "Traders in Moyale, Marsabit county, reopened their shops.",
		places:       []patternPlace{{"Moyale", "KE", "Marsabit"}},
		notCountries: []string{"ET"},
	},
	{
		name:         "ambiguous/kaya-burkina",
		text:         "The Burkinabe army said it repelled an attack on Kaya.",
		places:       []patternPlace{{"Kaya", "BF", "Centre-Nord"}},
		notCountries: []string{"TD"},
		actors:       []string{"Burkinabe armed forces"},
	},
	{
		name:         "ambiguous/meru-by-article",
		text:         "The Kenya Wildlife Service said elephants destroyed crops in Meru.",
		places:       []patternPlace{{"Meru", "KE", "Meru"}},
		notCountries: []string{"TZ", "FR"},
	},

	// --- A country or capital as an agent is an actor; as a setting it is a place.
	{
		name:         "agent/capital-blames-capital",
		text:         "Moscow blamed Washington for the escalation in Kursk.",
		places:       []patternPlace{{"Kursk", "RU", ""}},
		notPlaces:    []string{"Moscow", "Washington"},
		notCountries: []string{"US"},
		actors:       []string{"Government of Russia", "Government of the United States"},
	},
	{
		name:      "agent/capital-says",
		text:      "Kyiv said the strike on the dam was a war crime.",
		notPlaces: []string{"Kyiv"},
		actors:    []string{"Government of Ukraine"},
	},
	{
		name:   "agent/capital-shelled-is-a-place",
		text:   "Kyiv was shelled overnight; debris fell on two districts.",
		places: []patternPlace{{"Kyiv", "UA", ""}},
	},
	{
		name:      "agent/possessive-country-strikes",
		text:      "Russia's strikes on Kharkiv killed five people.",
		places:    []patternPlace{{"Kharkiv", "UA", "Kharkiv Oblast"}},
		notPlaces: []string{"Russia"},
		actors:    []string{"Russian armed forces"},
	},
	{
		name:      "agent/country-launches",
		text:      "Russia launched 90 drones at Ukraine overnight, the air force said.",
		places:    []patternPlace{{"Ukraine", "UA", ""}},
		notPlaces: []string{"Russia"},
		actors:    []string{"Russian armed forces"},
	},
	{
		name:         "agent/us-led-coalition",
		text:         "The US-led coalition struck Islamic State positions near Deir ez-Zor.",
		places:       []patternPlace{{"Deir ez-Zor", "SY", ""}},
		notPlaces:    []string{"US"},
		notCountries: []string{"US"},
		actors:       []string{"Islamic State"},
	},
	{
		name:         "agent/turkish-backed-forces",
		text:         "Turkish-backed forces shelled Tal Rifaat on Sunday.",
		places:       []patternPlace{{"Tal Rifaat", "SY", "Aleppo Governorate"}},
		notCountries: []string{"TR"},
		notActors:    []string{"Turkish armed forces"},
	},
	{
		name:         "agent/iran-backed-militias",
		text:         "Iran-backed militias fired rockets at a base near Deir ez-Zor.",
		places:       []patternPlace{{"Deir ez-Zor", "SY", ""}},
		notCountries: []string{"IR"},
		notActors:    []string{"Iranian armed forces"},
	},
	{
		name:   "agent/in-country-is-a-place",
		text:   "Ukrainian drones hit a refinery in Russia.",
		places: []patternPlace{{"Russia", "RU", ""}},
		actors: []string{"Ukrainian armed forces"},
	},
	{
		name:   "agent/border-town-adjective-is-a-place",
		text:   "Shelling hit Shebekino, a Russian border town.",
		places: []patternPlace{{"Shebekino", "RU", "Belgorod Oblast"}, {"Russia", "RU", ""}},
	},
	{
		name:   "agent/march-in-capital-is-a-place",
		text:   "Protesters marched in Washington against the war in Gaza.",
		places: []patternPlace{{"Washington", "US", ""}, {"Gaza", "PS", ""}},
		actors: []string{"Protesters"},
	},
	{
		name:         "agent/capitals-condemn",
		text:         "Beijing and Tehran condemned the strikes on Gaza.",
		places:       []patternPlace{{"Gaza", "PS", ""}},
		notPlaces:    []string{"Beijing", "Tehran"},
		notCountries: []string{"CN", "IR"},
		actors:       []string{"Government of China", "Government of Iran"},
	},
	{
		name:         "agent/capital-accuses-capital-horn",
		text:         "Mogadishu accused Nairobi of meddling in Jubaland.",
		places:       []patternPlace{{"Jubaland", "SO", ""}},
		notPlaces:    []string{"Mogadishu", "Nairobi"},
		notCountries: []string{"KE"},
		actors:       []string{"Government of Somalia", "Government of Kenya"},
	},
	{
		name:      "agent/capital-rejects-capital-levant",
		text:      "Damascus rejected Ankara's demands for a buffer zone near Kobani.",
		places:    []patternPlace{{"Kobani", "SY", ""}},
		notPlaces: []string{"Damascus", "Ankara"},
		actors:    []string{"Government of Syria", "Government of Turkey"},
	},
	{
		name:         "agent/capital-accuses-south-asia",
		text:         "Islamabad accused Kabul of sheltering TTP fighters who attacked Bannu.",
		places:       []patternPlace{{"Bannu", "PK", ""}},
		notPlaces:    []string{"Islamabad", "Kabul"},
		notCountries: []string{"AF"},
		actors:       []string{"Government of Pakistan", "Government of Afghanistan", "Tehrik-i-Taliban Pakistan"},
	},
	{
		name:      "agent/capital-summons",
		text:      "New Delhi summoned the envoy after the attack in Anantnag.",
		places:    []patternPlace{{"Anantnag", "IN", ""}},
		notPlaces: []string{"New Delhi"},
		actors:    []string{"Government of India"},
	},
	{
		name:         "agent/sahel-capitals-withdraw",
		text:         "Bamako, Ouagadougou and Niamey announced their withdrawal from ECOWAS.",
		notPlaces:    []string{"Bamako", "Ouagadougou", "Niamey"},
		notCountries: []string{"ML", "BF", "NE"},
		actors:       []string{"Government of Mali", "Government of Burkina Faso", "Government of Niger", "Economic Community of West African States"},
	},
	{
		name:      "agent/country-strikes-targets-in-place",
		text:      "Israel struck Hezbollah targets in Nabatieh.",
		places:    []patternPlace{{"Nabatieh", "LB", ""}},
		notPlaces: []string{"Israel"},
		actors:    []string{"Israel Defense Forces", "Hezbollah"},
	},
	{
		name:   "agent/region-of-country-is-a-place",
		text:   "Rockets landed in northern Israel after sirens sounded in Kiryat Shmona.",
		places: []patternPlace{{"Israel", "IL", ""}, {"Kiryat Shmona", "IL", ""}},
	},
	{
		name:      "agent/country-says",
		text:      "Ethiopia said it would not allow the dam talks to collapse.",
		notPlaces: []string{"Ethiopia"},
		actors:    []string{"Government of Ethiopia"},
	},
	{
		name:   "agent/country-as-destination-is-a-place",
		text:   "Thousands of Sudanese refugees crossed into Chad this month.",
		places: []patternPlace{{"Chad", "TD", ""}},
		actors: []string{"Refugees"},
	},
	{
		name:      "agent/capital-as-government-in-possessive",
		text:      "Kyiv's allies pledged more air defence after strikes on Odesa.",
		places:    []patternPlace{{"Odesa", "UA", "Odesa Oblast"}},
		notPlaces: []string{"Kyiv"},
	},
	{
		name:      "agent/capital-denies",
		text:      "Kigali denied backing the M23 rebels fighting around Goma.",
		places:    []patternPlace{{"Goma", "CD", "North Kivu"}},
		notPlaces: []string{"Kigali"},
		actors:    []string{"Government of Rwanda", "M23"},
	},
	{
		name:   "agent/capital-as-battleground-is-a-place",
		text:   "Fighting raged in Khartoum as the army shelled RSF positions.",
		places: []patternPlace{{"Khartoum", "SD", "Khartoum"}},
		actors: []string{"Rapid Support Forces"},
	},
	{
		name:         "agent/pro-country-adjective",
		text:         "Pro-Russian officials in occupied Donetsk reported shelling.",
		places:       []patternPlace{{"Donetsk", "UA", "Donetsk Oblast"}},
		notPlaces:    []string{"Russia", "Pro-Russian"},
		notCountries: []string{"RU"},
	},

	// --- Titles are not people.
	{
		name:      "title/president-alone",
		text:      "The President said the operation in Gao would continue.",
		places:    []patternPlace{{"Gao", "ML", ""}},
		notActors: []string{"President", "The President"},
	},
	{
		name:      "title/head-of-delegation",
		text:      "Head of the delegation said the talks in Doha went well.",
		places:    []patternPlace{{"Doha", "QA", ""}},
		notActors: []string{"Head", "Head of"},
	},
	{
		name:      "title/the-minister-said",
		text:      "Security was tightened in Juba, the Minister said.",
		places:    []patternPlace{{"Juba", "SS", ""}},
		notActors: []string{"Minister", "the Minister"},
	},
	{
		name:      "title/sentence-break-after-title",
		text:      "He turned to the President. If I may say so, he added, the war in Sudan must end.",
		places:    []patternPlace{{"Sudan", "SD", ""}},
		notActors: []string{"President", "If I", "President. If I"},
	},
	{
		name:      "title/governor-of-state",
		text:      "The Governor of Borno said 30 farmers were killed.",
		places:    []patternPlace{{"Borno", "NG", "Borno"}},
		notActors: []string{"Governor", "Governor of Borno"},
		actors:    []string{"Farmers"},
	},
	{
		name:      "title/commander-alone",
		text:      "The Commander told reporters in Goma that the ceasefire held.",
		places:    []patternPlace{{"Goma", "CD", ""}},
		notActors: []string{"Commander", "The Commander"},
	},
	{
		name:      "title/title-before-known-name",
		text:      "President William Ruto said in Eldoret that the killers would be found.",
		places:    []patternPlace{{"Eldoret", "KE", ""}},
		actors:    []string{"William Ruto"},
		notActors: []string{"President", "President William Ruto"},
	},
	{
		name:      "title/prime-minister-alone",
		text:      "The Prime Minister visited the wounded in Sderot.",
		places:    []patternPlace{{"Sderot", "IL", ""}},
		notActors: []string{"Prime Minister", "Prime"},
	},
	{
		name:      "title/mayor-of-city",
		text:      "The Mayor of Kharkiv said power was cut to 200,000 homes.",
		places:    []patternPlace{{"Kharkiv", "UA", ""}},
		notActors: []string{"Mayor", "Mayor of Kharkiv"},
	},
	{
		name:      "title/secretary-general-alone",
		text:      "The Secretary-General called for a ceasefire in El Fasher.",
		places:    []patternPlace{{"El Fasher", "SD", ""}},
		notActors: []string{"Secretary-General", "Secretary"},
	},
	{
		name:      "title/chief-alone",
		text:      "The area Chief said the bandits fled towards Tot, in Elgeyo-Marakwet county.",
		places:    []patternPlace{{"Tot", "KE", ""}},
		notActors: []string{"Chief"},
	},
	{
		name:      "title/spokesman-before-known-name",
		text:      "Kremlin spokesman Dmitry Peskov said talks in Istanbul were possible.",
		places:    []patternPlace{{"Istanbul", "TR", ""}},
		actors:    []string{"Dmitry Peskov", "Government of Russia"},
		notActors: []string{"Kremlin spokesman"},
	},
}

// patternMatches reports whether l is named name, by its canonical name or by
// one of the strings found in the text.
func patternMatches(l Location, name string) bool {
	if strings.EqualFold(l.Name, name) {
		return true
	}
	for _, m := range l.Mentions {
		if strings.EqualFold(m, name) {
			return true
		}
	}
	return false
}

// patternAdminSuffixes are the words that make a place name the name of its
// administrative unit ("Bannu district", "Bryansk Oblast").
var patternAdminSuffixes = []string{"district", "region", "province", "county", "state", "governorate",
	"oblast", "territory", "zone", "sub-county", "township", "raion", "local government area"}

// patternNames is patternMatches for the places a case wants: a region found as
// "X district" or "X Oblast" also answers for X, since the text names the same
// unit either way and which form is canonical is the gazetteer's business.
func patternNames(l Location, name string) bool {
	if patternMatches(l, name) {
		return true
	}
	for _, s := range append([]string{l.Name}, l.Mentions...) {
		for _, suf := range patternAdminSuffixes {
			if len(s) > len(suf)+1 && strings.EqualFold(s[len(s)-len(suf):], suf) && s[len(s)-len(suf)-1] == ' ' &&
				strings.EqualFold(strings.TrimSpace(s[:len(s)-len(suf)]), name) {
				return true
			}
		}
	}
	return false
}

func patternDescribe(locs []Location) string {
	if len(locs) == 0 {
		return "none"
	}
	parts := make([]string, len(locs))
	for i, l := range locs {
		parts[i] = fmt.Sprintf("%s[%s/%s %s]{%s}", l.Name, l.Country, l.Admin1, l.Kind, strings.Join(l.Mentions, "|"))
	}
	return strings.Join(parts, " ")
}

// checkPattern returns what is wrong with e for tc, one line a problem.
func checkPattern(tc patternCase, e Entities) []string {
	var bad []string
	for _, w := range tc.places {
		var named []Location
		ok := false
		for _, l := range e.Locations {
			if !patternNames(l, w.name) {
				continue
			}
			named = append(named, l)
			if l.Country == w.country && (w.admin1 == "" || strings.EqualFold(l.Admin1, w.admin1)) {
				ok = true
			}
		}
		switch {
		case ok:
		case len(named) == 0:
			bad = append(bad, fmt.Sprintf("place %q missing", w.name))
		default:
			bad = append(bad, fmt.Sprintf("place %q found as %s, want country %q admin1 %q", w.name, patternDescribe(named), w.country, w.admin1))
		}
	}
	for _, n := range tc.notPlaces {
		for _, l := range e.Locations {
			if patternMatches(l, n) {
				bad = append(bad, fmt.Sprintf("%q is not a place here, got %s", n, patternDescribe([]Location{l})))
			}
		}
	}
	for _, c := range tc.notCountries {
		for _, l := range e.Locations {
			if l.Country == c {
				bad = append(bad, fmt.Sprintf("no place may be in %s, got %s", c, patternDescribe([]Location{l})))
			}
		}
	}
	for _, a := range tc.actors {
		if _, ok := actorNamed(e.Actors, a); !ok {
			bad = append(bad, fmt.Sprintf("actor %q missing, got %q", a, actorNames(e.Actors)))
		}
	}
	for _, n := range tc.notActors {
		for _, a := range e.Actors {
			if strings.EqualFold(a.Name, n) {
				bad = append(bad, fmt.Sprintf("%q is not an actor here (%s, mentions %q)", n, a.Kind, a.Mentions))
			}
		}
	}
	return bad
}

// TestPhrasingPatterns runs the suite; see the comment at the top of the file.
// Run one family with -run 'TestPhrasingPatterns/agent/'.
func TestPhrasingPatterns(t *testing.T) {
	ex := testExtractor(t)
	seen := map[string]bool{}
	for _, tc := range patternCases {
		if seen[tc.name] {
			t.Fatalf("case name %q used twice", tc.name)
		}
		seen[tc.name] = true
	}
	for name := range patternsPending {
		if !seen[name] {
			t.Errorf("patternsPending names %q, which is no case", name)
		}
	}
	var failed, pending []string
	for _, tc := range patternCases {
		ok := t.Run(tc.name, func(t *testing.T) {
			var published time.Time
			if tc.published != "" {
				var err error
				if published, err = time.Parse("2006-01-02", tc.published); err != nil {
					t.Fatalf("published %q: %v", tc.published, err)
				}
			}
			e := ex.Extract("", tc.text, published)
			bad := checkPattern(tc, e)
			why, isPending := patternsPending[tc.name]
			switch {
			case isPending && len(bad) > 0:
				t.Logf("pending (%s): %s\n\t%s", why, tc.text, strings.Join(bad, "\n\t"))
				pending = append(pending, tc.name)
			case isPending:
				t.Errorf("passes now: remove it from patternsPending")
			case len(bad) > 0:
				t.Errorf("%s\n\t%s\n\tplaces: %s", tc.text, strings.Join(bad, "\n\t"), patternDescribe(e.Locations))
			}
		})
		if !ok {
			failed = append(failed, tc.name)
		}
	}
	t.Logf("pattern suite: %d cases, %d pass, %d pending, %d fail", len(patternCases),
		len(patternCases)-len(failed)-len(pending), len(pending), len(failed))
	if len(failed) == 0 {
		return
	}
	byFamily := map[string][]string{}
	var families []string
	for _, name := range failed {
		fam, rest, _ := strings.Cut(name, "/")
		if byFamily[fam] == nil {
			families = append(families, fam)
		}
		byFamily[fam] = append(byFamily[fam], rest)
	}
	sort.Strings(families)
	var b strings.Builder
	for _, fam := range families {
		fmt.Fprintf(&b, "\n  %s (%d): %s", fam, len(byFamily[fam]), strings.Join(byFamily[fam], ", "))
	}
	t.Errorf("%d of %d pattern cases fail:%s", len(failed), len(patternCases), b.String())
}

// patternsPending are cases the extraction does not meet yet, each with what
// it lacks. They run and are reported, but do not fail the suite; one that
// starts to pass fails it until it is removed from here, so the list only
// shrinks.
var patternsPending = map[string]string{
	"locative/in-unknown-no-country-cue":       "a bare 'in X' with no country anywhere in the text is dropped, not kept countryless",
	"locative/in-lower-case-al-name":           "a lower-case al- name before ', east of Hama' keeps its Yemeni homonym",
	"comma-region/unknown-in-nigerian-state":   "two first-level regions named Plateau (NG, BJ): nothing in the text picks Nigeria",
	"type/location-lower-case-before":          "'a location called X' is not read",
	"paren/country-in-parentheses":             "'X (Country)' does not move X to that country",
	"paren/alternate-name":                     "'X (Y)' alternate names are not read; Ras al-Ain is not in the gazetteer under that spelling",
	"known/multiword-ras-al-ain":               "the gazetteer spells it Ra's al 'Ayn; the misspelling matcher picks an Israeli town",
	"known/multiword-north-waziristan":         "a bare district name without its type word is dropped outside a region",
	"known/possessive-city":                    "'Oromia's Moyale district' does not scope Moyale to Oromia",
	"type/checkpoint-after-name":               "checkpoint is a facility word, not a type word that names the place before it",
	"ethnic/amhara-people-not-region":          "'West Wollega zone': zone is no region word",
	"person/first-name-is-a-country-jordan":    "Jordan has towns of that name, so the first-name rule does not apply",
	"compound/district-name-not-west-district": "'Embu' before 'West District' is dropped with it",
	"ambiguous/kaya-burkina":                   "'Burkinabe' is no known nationality adjective; Kaya resolves to Kayah, Myanmar",
}
