// The ISO 3166-1 alpha-2 table below is taken from Debian's iso-codes
// (iso_3166-1.json: name, common_name, official_name), with everyday
// English names added where the ISO short name is not what people say.

package sources

// isoCountry is one ISO 3166-1 entry.
type isoCountry struct {
	// name is the ISO 3166-1 English short name, e.g. "Korea, Republic of".
	name string
	// common is the everyday English name when it differs, e.g. "South Korea".
	common string
	// official is the official name when it differs, e.g. "Republic of Korea".
	official string
	// other lists further English names people use, e.g. "Ivory Coast".
	other []string
}

// display is the name shown to people: the common name when there is one.
func (c isoCountry) display() string {
	if c.common != "" {
		return c.common
	}
	return c.name
}

// names lists every English name of the entry.
func (c isoCountry) names() []string {
	out := []string{c.name}
	for _, n := range []string{c.common, c.official} {
		if n != "" {
			out = append(out, n)
		}
	}
	return append(out, c.other...)
}

// ISOCountryName returns the everyday English name of an ISO 3166-1
// alpha-2 code (any case), e.g. "is" → "Iceland", and whether the code is
// assigned.
func ISOCountryName(code string) (string, bool) {
	c, ok := iso3166[lowerASCII(code)]
	if !ok {
		return "", false
	}
	return c.display(), true
}

// IsISOCountryCode reports whether code is an assigned ISO 3166-1 alpha-2
// code in lower case, e.g. "fr".
func IsISOCountryCode(code string) bool {
	_, ok := iso3166[code]
	return ok
}

// lowerASCII lower-cases ASCII letters only, leaving every other byte alone.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// iso3166 is the full ISO 3166-1 alpha-2 table (249 assigned codes), keyed by
// lower-case code.
var iso3166 = map[string]isoCountry{
	"ad": {"Andorra", "", "Principality of Andorra", nil},
	"ae": {"United Arab Emirates", "", "", []string{"UAE"}},
	"af": {"Afghanistan", "", "Islamic Republic of Afghanistan", nil},
	"ag": {"Antigua and Barbuda", "", "", nil},
	"ai": {"Anguilla", "", "", nil},
	"al": {"Albania", "", "Republic of Albania", nil},
	"am": {"Armenia", "", "Republic of Armenia", nil},
	"ao": {"Angola", "", "Republic of Angola", nil},
	"aq": {"Antarctica", "", "", nil},
	"ar": {"Argentina", "", "Argentine Republic", nil},
	"as": {"American Samoa", "", "", nil},
	"at": {"Austria", "", "Republic of Austria", nil},
	"au": {"Australia", "", "", nil},
	"aw": {"Aruba", "", "", nil},
	"ax": {"Åland Islands", "", "", nil},
	"az": {"Azerbaijan", "", "Republic of Azerbaijan", nil},
	"ba": {"Bosnia and Herzegovina", "", "Republic of Bosnia and Herzegovina", nil},
	"bb": {"Barbados", "", "", nil},
	"bd": {"Bangladesh", "", "People's Republic of Bangladesh", nil},
	"be": {"Belgium", "", "Kingdom of Belgium", nil},
	"bf": {"Burkina Faso", "", "", nil},
	"bg": {"Bulgaria", "", "Republic of Bulgaria", nil},
	"bh": {"Bahrain", "", "Kingdom of Bahrain", nil},
	"bi": {"Burundi", "", "Republic of Burundi", nil},
	"bj": {"Benin", "", "Republic of Benin", nil},
	"bl": {"Saint Barthélemy", "", "", nil},
	"bm": {"Bermuda", "", "", nil},
	"bn": {"Brunei Darussalam", "Brunei", "", nil},
	"bo": {"Bolivia, Plurinational State of", "Bolivia", "Plurinational State of Bolivia", nil},
	"bq": {"Bonaire, Sint Eustatius and Saba", "Caribbean Netherlands", "", nil},
	"br": {"Brazil", "", "Federative Republic of Brazil", nil},
	"bs": {"Bahamas", "", "Commonwealth of the Bahamas", nil},
	"bt": {"Bhutan", "", "Kingdom of Bhutan", nil},
	"bv": {"Bouvet Island", "", "", nil},
	"bw": {"Botswana", "", "Republic of Botswana", nil},
	"by": {"Belarus", "", "Republic of Belarus", nil},
	"bz": {"Belize", "", "", nil},
	"ca": {"Canada", "", "", nil},
	"cc": {"Cocos (Keeling) Islands", "Cocos Islands", "", nil},
	"cd": {"Congo, The Democratic Republic of the", "DR Congo", "", []string{"Congo-Kinshasa", "DRC"}},
	"cf": {"Central African Republic", "", "", nil},
	"cg": {"Congo", "", "Republic of the Congo", []string{"Congo-Brazzaville"}},
	"ch": {"Switzerland", "", "Swiss Confederation", nil},
	"ci": {"Côte d'Ivoire", "", "Republic of Côte d'Ivoire", []string{"Ivory Coast"}},
	"ck": {"Cook Islands", "", "", nil},
	"cl": {"Chile", "", "Republic of Chile", nil},
	"cm": {"Cameroon", "", "Republic of Cameroon", nil},
	"cn": {"China", "", "People's Republic of China", nil},
	"co": {"Colombia", "", "Republic of Colombia", nil},
	"cr": {"Costa Rica", "", "Republic of Costa Rica", nil},
	"cu": {"Cuba", "", "Republic of Cuba", nil},
	"cv": {"Cabo Verde", "", "Republic of Cabo Verde", []string{"Cape Verde"}},
	"cw": {"Curaçao", "", "", nil},
	"cx": {"Christmas Island", "", "", nil},
	"cy": {"Cyprus", "", "Republic of Cyprus", nil},
	"cz": {"Czechia", "", "Czech Republic", []string{"Czech Republic"}},
	"de": {"Germany", "", "Federal Republic of Germany", nil},
	"dj": {"Djibouti", "", "Republic of Djibouti", nil},
	"dk": {"Denmark", "", "Kingdom of Denmark", nil},
	"dm": {"Dominica", "", "Commonwealth of Dominica", nil},
	"do": {"Dominican Republic", "", "", nil},
	"dz": {"Algeria", "", "People's Democratic Republic of Algeria", nil},
	"ec": {"Ecuador", "", "Republic of Ecuador", nil},
	"ee": {"Estonia", "", "Republic of Estonia", nil},
	"eg": {"Egypt", "", "Arab Republic of Egypt", nil},
	"eh": {"Western Sahara", "", "", nil},
	"er": {"Eritrea", "", "the State of Eritrea", nil},
	"es": {"Spain", "", "Kingdom of Spain", nil},
	"et": {"Ethiopia", "", "Federal Democratic Republic of Ethiopia", nil},
	"fi": {"Finland", "", "Republic of Finland", nil},
	"fj": {"Fiji", "", "Republic of Fiji", nil},
	"fk": {"Falkland Islands (Malvinas)", "Falkland Islands", "", nil},
	"fm": {"Micronesia, Federated States of", "Micronesia", "Federated States of Micronesia", nil},
	"fo": {"Faroe Islands", "", "", nil},
	"fr": {"France", "", "French Republic", nil},
	"ga": {"Gabon", "", "Gabonese Republic", nil},
	"gb": {"United Kingdom", "", "United Kingdom of Great Britain and Northern Ireland", []string{"UK", "Britain", "Great Britain", "England"}},
	"gd": {"Grenada", "", "", nil},
	"ge": {"Georgia", "", "", nil},
	"gf": {"French Guiana", "", "", nil},
	"gg": {"Guernsey", "", "", nil},
	"gh": {"Ghana", "", "Republic of Ghana", nil},
	"gi": {"Gibraltar", "", "", nil},
	"gl": {"Greenland", "", "", nil},
	"gm": {"Gambia", "", "Republic of the Gambia", nil},
	"gn": {"Guinea", "", "Republic of Guinea", nil},
	"gp": {"Guadeloupe", "", "", nil},
	"gq": {"Equatorial Guinea", "", "Republic of Equatorial Guinea", nil},
	"gr": {"Greece", "", "Hellenic Republic", nil},
	"gs": {"South Georgia and the South Sandwich Islands", "", "", nil},
	"gt": {"Guatemala", "", "Republic of Guatemala", nil},
	"gu": {"Guam", "", "", nil},
	"gw": {"Guinea-Bissau", "", "Republic of Guinea-Bissau", nil},
	"gy": {"Guyana", "", "Republic of Guyana", nil},
	"hk": {"Hong Kong", "", "Hong Kong Special Administrative Region of China", nil},
	"hm": {"Heard Island and McDonald Islands", "", "", nil},
	"hn": {"Honduras", "", "Republic of Honduras", nil},
	"hr": {"Croatia", "", "Republic of Croatia", nil},
	"ht": {"Haiti", "", "Republic of Haiti", nil},
	"hu": {"Hungary", "", "", nil},
	"id": {"Indonesia", "", "Republic of Indonesia", nil},
	"ie": {"Ireland", "", "", nil},
	"il": {"Israel", "", "State of Israel", nil},
	"im": {"Isle of Man", "", "", nil},
	"in": {"India", "", "Republic of India", nil},
	"io": {"British Indian Ocean Territory", "", "", nil},
	"iq": {"Iraq", "", "Republic of Iraq", nil},
	"ir": {"Iran, Islamic Republic of", "Iran", "Islamic Republic of Iran", []string{"Persia"}},
	"is": {"Iceland", "", "Republic of Iceland", nil},
	"it": {"Italy", "", "Italian Republic", nil},
	"je": {"Jersey", "", "", nil},
	"jm": {"Jamaica", "", "", nil},
	"jo": {"Jordan", "", "Hashemite Kingdom of Jordan", nil},
	"jp": {"Japan", "", "", nil},
	"ke": {"Kenya", "", "Republic of Kenya", nil},
	"kg": {"Kyrgyzstan", "", "Kyrgyz Republic", nil},
	"kh": {"Cambodia", "", "Kingdom of Cambodia", nil},
	"ki": {"Kiribati", "", "Republic of Kiribati", nil},
	"km": {"Comoros", "", "Union of the Comoros", nil},
	"kn": {"Saint Kitts and Nevis", "", "", nil},
	"kp": {"Korea, Democratic People's Republic of", "North Korea", "Democratic People's Republic of Korea", []string{"North Korea"}},
	"kr": {"Korea, Republic of", "South Korea", "", nil},
	"kw": {"Kuwait", "", "State of Kuwait", nil},
	"ky": {"Cayman Islands", "", "", nil},
	"kz": {"Kazakhstan", "", "Republic of Kazakhstan", nil},
	"la": {"Lao People's Democratic Republic", "Laos", "", nil},
	"lb": {"Lebanon", "", "Lebanese Republic", nil},
	"lc": {"Saint Lucia", "", "", nil},
	"li": {"Liechtenstein", "", "Principality of Liechtenstein", nil},
	"lk": {"Sri Lanka", "", "Democratic Socialist Republic of Sri Lanka", nil},
	"lr": {"Liberia", "", "Republic of Liberia", nil},
	"ls": {"Lesotho", "", "Kingdom of Lesotho", nil},
	"lt": {"Lithuania", "", "Republic of Lithuania", nil},
	"lu": {"Luxembourg", "", "Grand Duchy of Luxembourg", nil},
	"lv": {"Latvia", "", "Republic of Latvia", nil},
	"ly": {"Libya", "", "", nil},
	"ma": {"Morocco", "", "Kingdom of Morocco", nil},
	"mc": {"Monaco", "", "Principality of Monaco", nil},
	"md": {"Moldova, Republic of", "Moldova", "Republic of Moldova", nil},
	"me": {"Montenegro", "", "", nil},
	"mf": {"Saint Martin (French part)", "Saint Martin", "", nil},
	"mg": {"Madagascar", "", "Republic of Madagascar", nil},
	"mh": {"Marshall Islands", "", "Republic of the Marshall Islands", nil},
	"mk": {"North Macedonia", "", "Republic of North Macedonia", []string{"Macedonia"}},
	"ml": {"Mali", "", "Republic of Mali", nil},
	"mm": {"Myanmar", "", "Republic of Myanmar", []string{"Burma"}},
	"mn": {"Mongolia", "", "", nil},
	"mo": {"Macao", "Macau", "Macao Special Administrative Region of China", nil},
	"mp": {"Northern Mariana Islands", "", "Commonwealth of the Northern Mariana Islands", nil},
	"mq": {"Martinique", "", "", nil},
	"mr": {"Mauritania", "", "Islamic Republic of Mauritania", nil},
	"ms": {"Montserrat", "", "", nil},
	"mt": {"Malta", "", "Republic of Malta", nil},
	"mu": {"Mauritius", "", "Republic of Mauritius", nil},
	"mv": {"Maldives", "", "Republic of Maldives", nil},
	"mw": {"Malawi", "", "Republic of Malawi", nil},
	"mx": {"Mexico", "", "United Mexican States", nil},
	"my": {"Malaysia", "", "", nil},
	"mz": {"Mozambique", "", "Republic of Mozambique", nil},
	"na": {"Namibia", "", "Republic of Namibia", nil},
	"nc": {"New Caledonia", "", "", nil},
	"ne": {"Niger", "", "Republic of the Niger", nil},
	"nf": {"Norfolk Island", "", "", nil},
	"ng": {"Nigeria", "", "Federal Republic of Nigeria", nil},
	"ni": {"Nicaragua", "", "Republic of Nicaragua", nil},
	"nl": {"Netherlands", "", "Kingdom of the Netherlands", []string{"Holland"}},
	"no": {"Norway", "", "Kingdom of Norway", nil},
	"np": {"Nepal", "", "Federal Democratic Republic of Nepal", nil},
	"nr": {"Nauru", "", "Republic of Nauru", nil},
	"nu": {"Niue", "", "", nil},
	"nz": {"New Zealand", "", "", nil},
	"om": {"Oman", "", "Sultanate of Oman", nil},
	"pa": {"Panama", "", "Republic of Panama", nil},
	"pe": {"Peru", "", "Republic of Peru", nil},
	"pf": {"French Polynesia", "", "", nil},
	"pg": {"Papua New Guinea", "", "Independent State of Papua New Guinea", nil},
	"ph": {"Philippines", "", "Republic of the Philippines", nil},
	"pk": {"Pakistan", "", "Islamic Republic of Pakistan", nil},
	"pl": {"Poland", "", "Republic of Poland", nil},
	"pm": {"Saint Pierre and Miquelon", "", "", nil},
	"pn": {"Pitcairn", "", "", nil},
	"pr": {"Puerto Rico", "", "", nil},
	"ps": {"Palestine, State of", "Palestine", "the State of Palestine", nil},
	"pt": {"Portugal", "", "Portuguese Republic", nil},
	"pw": {"Palau", "", "Republic of Palau", nil},
	"py": {"Paraguay", "", "Republic of Paraguay", nil},
	"qa": {"Qatar", "", "State of Qatar", nil},
	"re": {"Réunion", "", "", nil},
	"ro": {"Romania", "", "", nil},
	"rs": {"Serbia", "", "Republic of Serbia", nil},
	"ru": {"Russian Federation", "Russia", "", nil},
	"rw": {"Rwanda", "", "Rwandese Republic", nil},
	"sa": {"Saudi Arabia", "", "Kingdom of Saudi Arabia", nil},
	"sb": {"Solomon Islands", "", "", nil},
	"sc": {"Seychelles", "", "Republic of Seychelles", nil},
	"sd": {"Sudan", "", "Republic of the Sudan", nil},
	"se": {"Sweden", "", "Kingdom of Sweden", nil},
	"sg": {"Singapore", "", "Republic of Singapore", nil},
	"sh": {"Saint Helena, Ascension and Tristan da Cunha", "Saint Helena", "", nil},
	"si": {"Slovenia", "", "Republic of Slovenia", nil},
	"sj": {"Svalbard and Jan Mayen", "", "", nil},
	"sk": {"Slovakia", "", "Slovak Republic", nil},
	"sl": {"Sierra Leone", "", "Republic of Sierra Leone", nil},
	"sm": {"San Marino", "", "Republic of San Marino", nil},
	"sn": {"Senegal", "", "Republic of Senegal", nil},
	"so": {"Somalia", "", "Federal Republic of Somalia", nil},
	"sr": {"Suriname", "", "Republic of Suriname", nil},
	"ss": {"South Sudan", "", "Republic of South Sudan", nil},
	"st": {"Sao Tome and Principe", "", "Democratic Republic of Sao Tome and Principe", nil},
	"sv": {"El Salvador", "", "Republic of El Salvador", nil},
	"sx": {"Sint Maarten (Dutch part)", "Sint Maarten", "", nil},
	"sy": {"Syrian Arab Republic", "Syria", "", nil},
	"sz": {"Eswatini", "", "Kingdom of Eswatini", []string{"Swaziland"}},
	"tc": {"Turks and Caicos Islands", "", "", nil},
	"td": {"Chad", "", "Republic of Chad", nil},
	"tf": {"French Southern Territories", "", "", nil},
	"tg": {"Togo", "", "Togolese Republic", nil},
	"th": {"Thailand", "", "Kingdom of Thailand", nil},
	"tj": {"Tajikistan", "", "Republic of Tajikistan", nil},
	"tk": {"Tokelau", "", "", nil},
	"tl": {"Timor-Leste", "", "Democratic Republic of Timor-Leste", []string{"East Timor"}},
	"tm": {"Turkmenistan", "", "", nil},
	"tn": {"Tunisia", "", "Republic of Tunisia", nil},
	"to": {"Tonga", "", "Kingdom of Tonga", nil},
	"tr": {"Türkiye", "Turkey", "Republic of Türkiye", nil},
	"tt": {"Trinidad and Tobago", "", "Republic of Trinidad and Tobago", nil},
	"tv": {"Tuvalu", "", "", nil},
	"tw": {"Taiwan, Province of China", "Taiwan", "", nil},
	"tz": {"Tanzania, United Republic of", "Tanzania", "United Republic of Tanzania", nil},
	"ua": {"Ukraine", "", "", nil},
	"ug": {"Uganda", "", "Republic of Uganda", nil},
	"um": {"United States Minor Outlying Islands", "", "", nil},
	"us": {"United States", "", "United States of America", []string{"USA", "America"}},
	"uy": {"Uruguay", "", "Eastern Republic of Uruguay", nil},
	"uz": {"Uzbekistan", "", "Republic of Uzbekistan", nil},
	"va": {"Holy See (Vatican City State)", "Vatican City", "", []string{"Holy See"}},
	"vc": {"Saint Vincent and the Grenadines", "", "", nil},
	"ve": {"Venezuela, Bolivarian Republic of", "Venezuela", "Bolivarian Republic of Venezuela", nil},
	"vg": {"Virgin Islands, British", "British Virgin Islands", "British Virgin Islands", nil},
	"vi": {"Virgin Islands, U.S.", "U.S. Virgin Islands", "Virgin Islands of the United States", nil},
	"vn": {"Viet Nam", "Vietnam", "Socialist Republic of Viet Nam", nil},
	"vu": {"Vanuatu", "", "Republic of Vanuatu", nil},
	"wf": {"Wallis and Futuna", "", "", nil},
	"ws": {"Samoa", "", "Independent State of Samoa", nil},
	// XK is not assigned by ISO 3166-1 but is the user-assigned code the EU,
	// the IMF and most registries use for Kosovo.
	"xk": {"Kosovo", "", "Republic of Kosovo", nil},
	"ye": {"Yemen", "", "Republic of Yemen", nil},
	"yt": {"Mayotte", "", "", nil},
	"za": {"South Africa", "", "Republic of South Africa", nil},
	"zm": {"Zambia", "", "Republic of Zambia", nil},
	"zw": {"Zimbabwe", "", "Republic of Zimbabwe", nil},
}
