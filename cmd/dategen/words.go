package main

// The word lists below are made up for this generator. The names are common
// given names and surnames from many languages, so that the entity tagger
// meets people it has not seen in training; the places and organisations are
// real, as they are in any news batch.

var firstNames = []string{
	"Anna", "Marek", "Sofia", "Tomasz", "Ingrid", "Kwame", "Amara", "Hiroshi", "Yuki", "Carlos",
	"Lucia", "Pedro", "Fatima", "Omar", "Leila", "Dmitri", "Olga", "Sergei", "Elena", "James",
	"Sarah", "Michael", "Priya", "Rahul", "Aisha", "Chen", "Wei", "Mei", "Jean", "Claire",
	"Pierre", "Hans", "Greta", "Lars", "Nkosi", "Thandiwe", "Diego", "Valentina", "Mateo", "Noor",
}

var surnames = []string{
	"Kowalski", "Nowak", "Lindqvist", "Mensah", "Okafor", "Tanaka", "Suzuki", "Garcia", "Fernandes", "Haddad",
	"Rahman", "Petrov", "Ivanova", "Volkov", "Smith", "Okonkwo", "Sharma", "Patel", "Zhang", "Liu",
	"Dubois", "Moreau", "Schmidt", "Weber", "Johansson", "Ndlovu", "Dlamini", "Rossi", "Bianchi", "Alvarez",
	"Morales", "Khan", "Hussein", "Yilmaz", "Demir", "Novak", "Horvat", "Murphy", "O'Brien", "MacLeod",
	"Andersen", "Kim", "Park", "Nguyen", "Tran", "Santos", "Costa", "Mwangi", "Kariuki", "Abebe",
}

var roles = []string{
	"Foreign Minister", "Prime Minister", "President", "Finance Minister", "spokesman", "spokeswoman",
	"Senator", "Governor", "Mayor", "chief executive", "analyst", "economist", "Defence Minister",
	"central bank governor", "opposition leader", "union leader", "professor", "coach",
}

var places = []string{
	"Washington", "Moscow", "London", "Paris", "Berlin", "Beijing", "Tokyo", "New Delhi", "Cairo", "Nairobi",
	"Lagos", "Johannesburg", "Brasilia", "Buenos Aires", "Mexico City", "Ottawa", "Canberra", "Jakarta", "Seoul", "Ankara",
	"Tehran", "Riyadh", "Geneva", "Brussels", "Warsaw", "Madrid", "Rome", "Stockholm", "Kiev", "Aleppo",
	"Damascus", "Baghdad", "Kabul", "Islamabad", "Dhaka", "Manila", "Hanoi", "Bangkok", "Lima", "Bogota",
}

var orgs = []string{
	"the United Nations", "the European Union", "NATO", "the World Bank", "the International Monetary Fund",
	"the World Health Organization", "the African Union", "OPEC", "the Red Cross", "Amnesty International",
	"the State Department", "the Federal Reserve", "the European Central Bank", "Greenpeace", "the World Trade Organization",
	"Reuters Foundation", "Human Rights Watch", "the Supreme Court", "Siemens", "Toyota", "Google", "Gazprom",
	"the Bank of England", "FIFA", "the International Olympic Committee", "Medecins Sans Frontieres",
}

var agencies = []string{"Reuters", "AP", "AFP", "IANS", "EFE", "IANS/EFE", "dpa", "Xinhua", "PTI", "ANSA"}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

var topics = []string{
	"trade talks", "ceasefire", "climate deal", "interest rates", "election", "drought", "refugee crisis",
	"oil prices", "vaccine rollout", "budget", "border dispute", "strike", "floods", "tax reform", "peace plan",
}

var headlines = []string{
	"{S0} warns {O0} over {T}",
	"{L} braces for {T} as talks stall",
	"{O0} and {O1} agree on {T}",
	"{S0} and {S1} meet in {L} amid {T}",
	"{T} dominates summit in {L}",
	"{O0} calls for calm after {T} in {L}",
	"Thousands protest in {L} over {T}",
	"{S1} says {T} will take years to resolve",
}

var leads = []string{
	"{P0} said on {W} that {O0} would review its position on the {T} unless {O1} acted within days.",
	"{P0} told reporters in {L} on {W} that the {T} had reached a critical stage.",
	"Officials from {O0} and {O1} met in {L} on {W} to discuss the {T}, {P0} said.",
	"{P0} on {W} rejected calls from {O0} to delay the {T}.",
	"The {T} deepened on {W} after {O0} said it had not been consulted, according to {P0}.",
}

var sentences = []string{
	"{S0} said the talks with {P1} had been \"frank and constructive\".",
	"{P1} said {O1} was ready to send a delegation to {L2} next week.",
	"The decision affects about {N} families in and around {L}, officials said.",
	"\"We have made progress, but there is a long way to go,\" {S0} said.",
	"{S1} declined to comment on the details of the proposal.",
	"{F2}, who leads the talks for {O1}, said a deal was possible before the end of the month.",
	"Analysts said the {T} could weigh on markets in {L2} for weeks.",
	"The previous round of talks in {L2} ended without agreement.",
	"{O0} has repeatedly urged both sides to return to the table.",
	"According to {O1}, at least {N} people have been affected so far.",
	"{S2} said the government would publish its figures on {W}.",
	"Critics say the plan does too little, too late.",
	"{S0} is expected to travel to {L2} later this month.",
	"The move was welcomed by {O1}, which had campaigned for it for years.",
	"In a statement, {O0} said it was \"deeply concerned\" by the latest developments.",
	"{S1} spoke after a meeting with {F2} in {L}.",
	"Talks are due to resume on {W}, two officials told reporters.",
	"Neither side has said what concessions it is prepared to make.",
	"The agreement, if signed, would be the first of its kind since {N}.",
	"{F2} said the figures showed \"a clear trend\" that could not be ignored.",
}

var cookies = []string{
	"We use cookies to improve your experience on our site. By continuing you accept our cookie policy.",
	"This site uses cookies. Accept all cookies | Manage preferences",
	"Cookie settings: we and our partners use cookies to personalise content and ads.",
}

var shares = []string{
	"Share this article: Facebook Twitter WhatsApp Email",
	"Share on Facebook | Share on Twitter | Share via Email | Print",
	"Follow us on Twitter and Facebook for the latest news",
}

var inline = []string{
	"ADVERTISEMENT",
	"Advertisement - Scroll to continue",
	"READ MORE: Ten things you need to know this week",
	"Sign up for our daily newsletter",
}

var paywall = []string{
	"You have reached your limit of free articles this month.",
	"Subscribe now for just $1 a week. Cancel anytime.",
	"Digital: $9.99/month | Print + Digital: $19.99/month | Annual: $99/year",
	"Already a subscriber? Log in",
}

var trailers = []string{
	"(Reporting by %s; Editing by %s)",
	"(Additional reporting by %s; writing by %s)",
	"--IANS/EFE (reporting by %s and %s)",
}
