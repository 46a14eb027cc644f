//! Who asks: the voice a question is read in, and the interview panel —
//! up to three interviewers, each asking the categories that fit their role
//! (a manager the role and behavioural questions, HR practicalities and
//! motivation, a colleague culture and the case). Pure data: the audio code
//! turns a [`Voice`] into sound.

/// How a question sounds: an eSpeak NG voice, its speed and pitch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Voice {
    /// An eSpeak NG voice name, with an optional `+variant` (`en-gb+m3`).
    pub name: String,
    /// Words per minute, 80 to 450.
    pub rate: u32,
    /// Pitch, 0 to 99 (eSpeak NG's scale; 50 is its default).
    pub pitch: u8,
}

/// The voice a question is read in without `--panel`.
pub const DEFAULT_VOICE: &str = "en-gb";
/// Words per minute without `--rate`: a calm interviewer.
pub const DEFAULT_RATE: u32 = 160;
/// eSpeak NG's own default pitch.
pub const DEFAULT_PITCH: u8 = 50;

impl Default for Voice {
    fn default() -> Voice {
        Voice {
            name: DEFAULT_VOICE.into(),
            rate: DEFAULT_RATE,
            pitch: DEFAULT_PITCH,
        }
    }
}

/// How a drill reads its questions aloud.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Read each question aloud before its clock starts.
    pub speak: bool,
    /// With `speak`: hide the question's text until its answer ends.
    pub listen_only: bool,
    /// The voice questions are read in without a panel.
    pub voice: Voice,
    /// Interviewers who ask by category, each in their own voice.
    pub panel: Option<Panel>,
}

/// One member of the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interviewer {
    /// What the screen calls them: `Sam`.
    pub name: String,
    /// Their role: `team lead`.
    pub role: String,
    /// How they sound.
    pub voice: Voice,
    /// The categories they ask; the first member also asks any category no one claims.
    pub asks: Vec<String>,
}

impl Interviewer {
    /// "Sam, team lead".
    pub fn label(&self) -> String {
        if self.role.is_empty() {
            self.name.clone()
        } else {
            format!("{}, {}", self.name, self.role)
        }
    }
}

/// Up to three interviewers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    /// In order; never empty.
    pub members: Vec<Interviewer>,
}

/// How many interviewers a panel may have.
pub const MAX_PANEL: usize = 3;

fn member(name: &str, role: &str, voice: &str, rate: u32, pitch: u8, asks: &[&str]) -> Interviewer {
    Interviewer {
        name: name.into(),
        role: role.into(),
        voice: Voice {
            name: voice.into(),
            rate,
            pitch,
        },
        asks: asks.iter().map(|s| s.to_string()).collect(),
    }
}

impl Default for Panel {
    /// A team lead, someone from HR and a future colleague, with voices that
    /// differ in pitch and speed so each is known by ear.
    fn default() -> Panel {
        Panel {
            members: vec![
                member(
                    "Sam",
                    "team lead",
                    "en-gb+m3",
                    150,
                    35,
                    &["behavioural", "role", "revisit", "company"],
                ),
                member(
                    "Alex",
                    "HR",
                    "en-us+f3",
                    175,
                    75,
                    &["practicalities", "motivation"],
                ),
                member(
                    "Priya",
                    "future colleague",
                    "en-gb-scotland+f2",
                    140,
                    55,
                    &["culture", "case", "ask-them"],
                ),
            ],
        }
    }
}

/// What kind of interviewer a role names, by its words: HR, the one who
/// leads the team, or anyone else.
fn kind(role: &str) -> u8 {
    let role = role.to_lowercase();
    let has = |words: &[&str]| {
        role.split(|c: char| !c.is_alphanumeric())
            .any(|w| words.contains(&w))
    };
    if has(&[
        "hr",
        "people",
        "talent",
        "recruiter",
        "recruitment",
        "human",
    ]) {
        0
    } else if has(&[
        "manager",
        "lead",
        "head",
        "director",
        "chief",
        "vp",
        "principal",
    ]) {
        1
    } else {
        2
    }
}

impl Panel {
    /// The panel with the real interviewers' names (a profile's): each takes
    /// the seat of the member whose role is of the same kind (HR, team lead,
    /// colleague), else the first seat left, and keeps that member's voice
    /// and categories; their own role replaces the seat's when given.
    pub fn named(mut self, people: &[crate::bank::profile::Member]) -> Panel {
        let n = self.members.len();
        let mut seat_of: Vec<Option<usize>> = vec![None; people.len()];
        let mut taken = vec![false; n];
        // Those whose role fits a seat first, then everyone else in order.
        for (p, person) in people.iter().enumerate() {
            let Some(want) = person.role.as_deref().map(kind) else {
                continue;
            };
            if let Some(i) = (0..n).find(|&i| !taken[i] && kind(&self.members[i].role) == want) {
                (taken[i], seat_of[p]) = (true, Some(i));
            }
        }
        for seat in seat_of.iter_mut().filter(|s| s.is_none()) {
            if let Some(i) = (0..n).find(|&i| !taken[i]) {
                (taken[i], *seat) = (true, Some(i));
            }
        }
        for (person, seat) in people.iter().zip(seat_of) {
            let Some(m) = seat.map(|i| &mut self.members[i]) else {
                continue;
            };
            m.name = person.name.clone();
            if let Some(role) = &person.role {
                m.role = role.clone();
            }
        }
        self
    }

    /// The member who asks questions of `category`: the first that lists it,
    /// else the first member.
    pub fn asker(&self, category: &str) -> &Interviewer {
        self.members
            .iter()
            .find(|m| m.asks.iter().any(|c| c == category))
            .unwrap_or(&self.members[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_category_goes_to_the_member_whose_role_asks_it() {
        let p = Panel::default();
        for (category, who) in [
            ("behavioural", "Sam, team lead"),
            ("role", "Sam, team lead"),
            ("practicalities", "Alex, HR"),
            ("motivation", "Alex, HR"),
            ("culture", "Priya, future colleague"),
            ("case", "Priya, future colleague"),
            ("prep", "Sam, team lead"),
        ] {
            assert_eq!(p.asker(category).label(), who, "{category}");
        }
    }

    #[test]
    fn the_profiles_people_take_the_seats_their_roles_fit() {
        use crate::bank::profile::Member;
        let person = |name: &str, role: Option<&str>| Member {
            name: name.into(),
            role: role.map(String::from),
        };
        let p = Panel::default().named(&[
            person("Dana", Some("HR business partner")),
            person("Lee", None),
            person("Omar", Some("Head of Data")),
        ]);
        let labels: Vec<String> = p.members.iter().map(Interviewer::label).collect();
        assert_eq!(
            labels,
            [
                "Omar, Head of Data",
                "Dana, HR business partner",
                "Lee, future colleague"
            ]
        );
        assert_eq!(p.asker("practicalities").name, "Dana");
        assert_eq!(p.asker("behavioural").name, "Omar");
        // More people than seats: the panel keeps its three.
        let many: Vec<Member> = (0..5).map(|i| person(&format!("P{i}"), None)).collect();
        assert_eq!(Panel::default().named(&many).members.len(), 3);
    }

    #[test]
    fn the_default_voices_differ_in_pitch_and_rate() {
        let p = Panel::default();
        for (i, a) in p.members.iter().enumerate() {
            for b in &p.members[i + 1..] {
                assert!(a.voice.pitch.abs_diff(b.voice.pitch) >= 20, "{a:?} {b:?}");
                assert!(a.voice.rate.abs_diff(b.voice.rate) >= 10, "{a:?} {b:?}");
            }
        }
    }
}
