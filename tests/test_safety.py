"""Tests of bot.language.safety: spotting messages that describe a medical emergency happening now."""

from __future__ import annotations

import time

import pytest

from bot.language.safety import Emergency, detect_emergency, normalise_message

SUICIDE = Emergency.SUICIDE
STROKE = Emergency.STROKE
HEART = Emergency.HEART
BREATHING = Emergency.BREATHING
BLEEDING = Emergency.BLEEDING
POISONING = Emergency.POISONING
BURN = Emergency.BURN
UNCONSCIOUS = Emergency.UNCONSCIOUS

# Reports of something happening now, first and third person, misspelt, lower case, unpunctuated.
EMERGENCIES = [
    # suicide and self-harm
    ("I want to kill myself", SUICIDE),
    ("I want to die", SUICIDE),
    ("i wanna die", SUICIDE),
    ("thinking about ending my life", SUICIDE),
    ("I've been cutting myself", SUICIDE),
    ("I don't want to live anymore", SUICIDE),
    ("im feeling sucidal", SUICIDE),
    ("my friend wants to kill himself", SUICIDE),
    ("everyone would be better off without me", SUICIDE),
    ("i want to hurt myself", SUICIDE),
    ("what are the warning signs of suicide", SUICIDE),  # a question, but a crisis line is the safe answer
    # stroke
    ("I think I'm having a stroke", STROKE),
    ("I think I’m having a stroke", STROKE),  # curly apostrophe
    ("my dad's face is drooping and he can't lift his arm", STROKE),
    ("her speech is slurred", STROKE),
    ("my left side went numb suddenly", STROKE),
    ("my right hand suddenly went numb and tingly", STROKE),
    ("my left foot is numb", STROKE),
    ("my right arm went numb and my foot is tingling", STROKE),  # the tingling is the foot's
    ("my moms face is droopin", STROKE),
    ("he is slurring his words", STROKE),
    ("my grandmas speech is slured", STROKE),
    ("right side of his body is weak", STROKE),
    ("is my mom having a stroke", STROKE),
    ("having a stoke", STROKE),
    # heart
    ("I have crushing chest pain and my left arm hurts", HEART),
    ("chest pain and I'm sweating and short of breath", HEART),
    ("severe chest pain", HEART),
    ("i think im having a heart attack", HEART),
    ("having a hart attack", HEART),
    ("chest pain spreading to my jaw", HEART),
    ("chest pain radiating to left arm and sweating", HEART),
    ("my chest hurts and my left arm is numb", HEART),  # a heart warning sign, not a stroke sign
    ("feels like an elephant is sitting on my chest", HEART),
    # breathing
    ("my baby is not breathing", BREATHING),
    ("he can't breathe", BREATHING),
    ("she is choking", BREATHING),
    ("cant breath", BREATHING),
    ("i cannot breth", BREATHING),
    ("my son is chocking on a grape", BREATHING),
    ("her lips are turning blue", BREATHING),
    ("my throat is closing up after eating peanuts", BREATHING),
    ("my husband stopped breathing", BREATHING),
    ("she is gasping for air", BREATHING),
    # bleeding
    ("I cut myself and the bleeding won't stop", BLEEDING),
    ("blood is spurting from his leg", BLEEDING),
    ("my cut is bleeding alot", BLEEDING),
    ("there is blood everywhere", BLEEDING),
    ("cant stop the bleeding", BLEEDING),
    ("nosebleed wont stop for an hour", BLEEDING),
    ("his arm is gushing blood", BLEEDING),
    # poisoning
    ("I took too many pills", POISONING),
    ("my son swallowed bleach", POISONING),
    ("overdosed on heroin", POISONING),
    ("my toddler ate some of my pills", POISONING),
    ("my daughter drank some antifreeze", POISONING),
    ("he od'd on fentanyl", POISONING),
    ("i took a whole bottle of tylenol", POISONING),
    ("kid swallowed a button battery", POISONING),
    # unconscious
    ("my friend collapsed and isn't responding", UNCONSCIOUS),
    ("he's unconscious", UNCONSCIOUS),
    ("he is unconcious", UNCONSCIOUS),
    ("my baby wont wake up", UNCONSCIOUS),
    ("she passed out and won't wake up", UNCONSCIOUS),
    ("they can't wake him up", UNCONSCIOUS),
    ("my wife is unresponsive", UNCONSCIOUS),
    ("a seizure that wont stop", UNCONSCIOUS),
    ("my son has been seizing for 10 minutes", UNCONSCIOUS),
    ("i don't see the point in living anymore", SUICIDE),
    ("whats the point of living", SUICIDE),
    ("my toddler swallowed a bunch of my pills", POISONING),
    ("i took a handful of sleeping pills", POISONING),
    ("my son is badly burned all over his arm and chest and screaming", BURN),
    ("she spilled boiling water and scalded her face", BURN),
    ("my dad got a chemical burn at work", BURN),
    ("his clothes caught fire", BURN),
    ("my dad collapsed", UNCONSCIOUS),
    ("call 911", UNCONSCIOUS),  # a bare call for help: the general advice
    ("someone call an ambulance", UNCONSCIOUS),
]

# Information questions and ordinary statements the bot must answer normally.
ORDINARY = [
    "my left foot is numb and tingling, what could cause it",
    "what are the symptoms of a stroke?",
    "how is a stroke treated",
    "what causes chest pain",
    "is chest pain a symptom of a heart attack?",
    "what is ALS",
    "can ALS cause breathing problems?",
    "how does polio affect breathing",
    "what causes muscle bleeding",
    "what is an overdose",
    "how do burns heal",
    "what are the warning signs of a stroke",
    "how is poisoning diagnosed",
    "what is slurred speech a sign of",
    "does rheumatoid arthritis cause chest pain",
    "what does a stroke feel like",
    "how long does recovery from a stroke take",
    "is guillain barre deadly",
    "can you die from muscular dystrophy",
    "what are the risk factors for stroke",
    "tell me about spinal cord injury",
    "what tests diagnose a heart attack",
    # near misses: a person, a sign word, but no emergency now
    "i don't want to die from als",
    "what is my risk of having a stroke",
    "my dad had a stroke last year, how can he recover",
    "my dads speech has been slurred since his stroke",
    "my mom has als and her speech is getting slurred, what can help",
    "my husband stops breathing in his sleep",
    "i cant breathe through my nose",
    "my fingers turn blue in the cold",
    "how do i stop a nosebleed",
    "i have food poisoning",
    "my dad is not responding to treatment",
    "my friend isnt responding to my texts",
    "what is unconscious bias",
    "when should i call 911 for a stroke",
    "is a stroke a medical emergency",
    "my mum had a heart attack 2 years ago what exercise is safe",
    "does als cause choking",
    "is this toy a choking hazard",
    "what is a collapsed lung",
    "my lung collapsed last year",
    "i get short of breath climbing stairs",
    "i hurt myself when i fell",
    "i cut my finger while cooking",
    "my legs are weak from muscular dystrophy",
    "what happens if you drink bleach",
    "can you overdose on ibuprofen",
    "opioid overdose symptoms",
    "what is anaphylaxis",
    "how long can a seizure last",
    "how does the heart pump blood",
    "i have chest pain when i cough",
    "my dad has weakness in his left arm from his old stroke",
    "can GBS make you stop breathing",
    "hello",
    "thanks, bye",
    "how are severe burns treated?",
    "what is a third degree burn",
    "what is the point of physical therapy for living with ALS",
    "i burned my finger on the stove yesterday, it is a bit red",
    # a past event, a request for information, a long-standing complaint: one or two sentences
    "my father had a heart attack last year; what warning signs should we watch for?",
    "My mother had a stroke in 2019 and now has trouble with her speech, what therapies help?",
    "I was poisoned by carbon monoxide two years ago and still have headaches, is that normal?",
    "Years ago I overdosed",
    "when my son was born he stopped breathing for a minute, could that cause problems later?",
    "after my burn healed last month the skin is itchy",
    "where can I find information on sudden cardiac arrest in teenagers?",
    "I would like information about stroke warning signs",
    "what are the symptoms of a heart attack in women? my sister asked me",
    "Do you have information on seizures after a stroke?",
    "How is carbon monoxide poisoning treated?",
    "she has had chest pain on and off for years, the doctors said it is costochondritis; what causes it?",
]

# Long messages as people write them: a greeting, a subject line, a story, several sentences, often
# a past event or a long-standing illness mentioned on the way. Something happening now must still
# fire, whatever else the message says.
LONG_EMERGENCIES = [
    (
        "Hi, I hope someone can help. My husband has ALS and right now he can't breathe and his lips are"
        " turning blue. What should I do?",
        BREATHING,
    ),
    (
        "Hello. I have been reading your pages about MS for a while because I was diagnosed in 2018. Lately"
        " everything feels too heavy and I want to end my life. I don't know who else to tell.",
        SUICIDE,
    ),
    (
        "SUBJECT: urgent - my mum\nMESSAGE: Hi, we were having lunch and a few minutes ago my mum's face"
        " started drooping on the left side and her words are coming out slurred. She had a stroke in 2016."
        " Is this another one?",
        STROKE,
    ),
    (
        "Good evening. My father is 67 and has diabetes. For the last twenty minutes he has had a heavy"
        " pressure in his chest that is spreading down his left arm, and he is sweating a lot. Should we"
        " wait for his appointment tomorrow?",
        HEART,
    ),
    (
        "Hi there, quick question about my daughter who is four. She was eating peanuts at a party and now"
        " her lips and tongue are swelling up and she sounds wheezy. She has never had a nut allergy before."
        " What do we do?",
        BREATHING,
    ),
    (
        "SUBJECT: accident in the kitchen\nMESSAGE: My flatmate slipped with a bread knife about ten minutes"
        " ago and cut deep into his thigh. We've pressed a towel on it but the bleeding won't stop and the"
        " towel is soaked through. He is going pale.",
        BLEEDING,
    ),
    (
        "Hello, sorry if this is the wrong place. My two year old got into the cupboard under the sink while"
        " I was on the phone and I think she drank some of the drain cleaner. She is crying and drooling."
        " Who do I call?",
        POISONING,
    ),
    (
        "Hi, my grandad has Parkinson's and lives with us. He fell in the bathroom just now and he is not"
        " responding when we shout his name or shake him. He is breathing, I think. Please tell me what to"
        " do.",
        UNCONSCIOUS,
    ),
    (
        "SUBJECT: burn\nMESSAGE: Hello, my son pulled a pan of boiling oil off the stove a few minutes ago."
        " He is badly burned down his chest and arm and the skin is white and peeling. He is screaming. We"
        " are running cold water on it.",
        BURN,
    ),
    (
        "SUBJECT: my brother\nMESSAGE: I'm writing because I'm scared. My brother has had depression for"
        " years and tonight he texted me that he is going to kill himself and that he has been saving up his"
        " pills. He isn't answering his phone.",
        SUICIDE,
    ),
    (
        "Hello, I am a carer for an elderly lady with arthritis. This morning while she was eating breakfast"
        " she suddenly could not speak properly and the right side of her face has dropped. Her arm on that"
        " side feels heavy too.",
        STROKE,
    ),
    (
        "SUBJECT: chest\nMESSAGE: I am 52, I smoke, and about half an hour ago I got a crushing pain in the"
        " middle of my chest while carrying shopping. It goes into my jaw and I feel sick and clammy. Is it"
        " indigestion?",
        HEART,
    ),
    (
        "Hi. My dad had a heart attack two years ago and has been fine since. Tonight he suddenly can't"
        " catch his breath, he is gasping and can't finish a sentence. His inhaler isn't helping. Should I"
        " drive him to A&E or call an ambulance?",
        BREATHING,  # the old heart attack is left out, so HEART does not take precedence
    ),
    (
        "SUBJECT: carbon monoxide?\nMESSAGE: Hello, our old boiler has been making a strange noise. Since"
        " this morning all four of us have headaches and feel sick and dizzy, and the CO alarm just went"
        " off. My youngest is very sleepy. Could we be poisoned?",
        POISONING,
    ),
    (
        "Hi, I'm at the park with my friend's little boy. He was playing on the climbing frame and fell on"
        " his head, and now he is really drowsy and we can't wake him properly. He vomited twice. What"
        " should I do?",
        UNCONSCIOUS,
    ),
    (
        "Good morning, my wife is 30 weeks pregnant and she has started bleeding heavily, there is a lot of"
        " blood on the bathroom floor. She had some spotting in her first pregnancy years ago but nothing"
        " like this. Please advise.",
        BLEEDING,
    ),
    (
        "SUBJECT: Dad\nMESSAGE: My dad (78) has had high blood pressure for years. About twenty minutes ago"
        " he suddenly couldn't lift his right arm and he's talking gibberish. He says he is fine and doesn't"
        " want a fuss. What should I do?",
        STROKE,  # "for years" belongs to the blood pressure, not to the weak arm
    ),
    (
        "Hello, I'm typing this for my mum because she can't. She's 70 and about an hour ago she started"
        " getting tightness across her chest and her left arm and jaw ache. She's sweaty and pale. She had a"
        " stent put in years ago. Is this her heart?",
        HEART,
    ),
    (
        "Hi. My teenage son came home from a party, he is very drowsy and his breathing is slow. His friend"
        " just told me he took a load of his mum's painkillers there. He has asthma but that is under"
        " control. Help.",
        POISONING,
    ),
    (
        "SUBJECT: baby choking\nMESSAGE: please help my 9 month old was eating a piece of apple and now she"
        " is coughing and can't cry or make any noise. Her face is going red and then blue. I have tried"
        " patting her back.",
        BREATHING,
    ),
    (
        "Hello. My cousin has epilepsy and usually her seizures last a minute or two. Today she has been"
        " fitting for about eight minutes and it is not stopping. We have her rescue medicine but I don't"
        " know how to use it.",
        UNCONSCIOUS,
    ),
    (
        "SUBJECT: Is this a heart attack?\nMESSAGE: My husband is 58. He is sitting on the sofa grey and"
        " sweating, with a tight band of pain across his chest that started when he was mowing the lawn. He"
        " says it feels like indigestion.",
        HEART,
    ),
    (
        "SUBJECT: need to talk\nMESSAGE: Hi, I don't really know why I am writing to a health bot. I lost my"
        " job in March and my partner left last year. I have been thinking about taking my own life and I"
        " have a plan. Please don't tell me to see my GP.",
        SUICIDE,
    ),
    (
        "Hello, my dad is 80 and has dementia. He has been on warfarin since 2015. This afternoon he took all"
        " of his tablets for the week at once because he got confused about the days. He is now very"
        " sleepy.",
        POISONING,
    ),
    (
        "Hi, I'm a bit embarrassed to ask. I'm 44 and fit. While I was at my desk just now my vision went"
        " double, my left hand went numb and I can't seem to get my words out. It has been about fifteen"
        " minutes. Is this a migraine?",
        STROKE,
    ),
    (
        "SUBJECT: nosebleed on blood thinners\nMESSAGE: My grandmother takes blood thinners after a valve"
        " replacement in 2020. Her nosebleed won't stop, it started about 40 minutes ago even though we have"
        " pinched it the whole time. She is feeling faint.",
        BLEEDING,
    ),
    (
        "Hi, my brother had heart surgery as a baby and has been healthy since. He just collapsed while"
        " playing football, he isn't breathing properly and someone is doing CPR. The ambulance is coming."
        " Is there anything else we should do?",
        BREATHING,  # BREATHING comes before UNCONSCIOUS
    ),
    (
        "SUBJECT: burn from a bonfire\nMESSAGE: My uncle was lighting a bonfire with petrol and it flared up."
        " His trousers caught fire and his legs are badly burnt, some of the skin is black. He burned his"
        " hand years ago and it healed fine but this looks much worse.",
        BURN,
    ),
    (
        "My mum had a heart attack in 2017. Right now she is having chest pain again, the same squeezing"
        " feeling, and she is sweating and feels sick. She has her GTN spray. What do we do?",
        HEART,
    ),
    (
        "Hi, I overdosed years ago and got help, and I have been clean since. But tonight I relapsed and"
        " took way too many of my sleeping tablets about an hour ago. I feel really drowsy and scared.",
        POISONING,
    ),
    (
        "Hello, I'm not sure if I'm overreacting. My wife gets migraines now and then. Tonight her speech"
        " suddenly became slurred and the left side of her mouth is drooping, which has never happened with"
        " her migraines before. Could this be a stroke?",
        STROKE,
    ),
    (
        "My father had a heart attack last year and he can't breathe properly right now, he is wheezing and"
        " grey in the face. His GP appointment is next week but I am worried. What should I do?",
        BREATHING,
    ),
]

# Long messages about an event in the past (the person is well now, or the question is about after-
# effects): answered normally.
LONG_PAST = [
    "Hello, my father had a heart attack last year and has been doing well with cardiac rehab. What warning"
    " signs should we watch for so we catch another one early?",
    "SUBJECT: stroke question\nMESSAGE: My mother had a stroke in 2019 and now has trouble finding her words"
    " and her speech is a little slow. What kinds of speech therapy help people years after a stroke?",
    "Hi, I was poisoned by carbon monoxide from a faulty heater two years ago and I still get headaches and"
    " trouble concentrating. Is that normal, and will it get better?",
    "Years ago I overdosed on paracetamol and spent a week in hospital. I am doing much better now, but I"
    " wonder whether it could have damaged my liver long term.",
    "When my son was born he stopped breathing for a minute and needed oxygen. He is six now and doing"
    " well. Could that have caused any problems that might show up later?",
    "Hello. After my burn healed last month the skin on my forearm is shiny, tight and very itchy,"
    " especially at night. It was a second degree burn from a kettle. What can I put on it?",
    "SUBJECT: old injury\nMESSAGE: Hello, back in 2015 my husband was in a car crash and was bleeding"
    " heavily from his leg, he needed several transfusions. He still has numbness in that foot. Is nerve"
    " damage like that permanent?",
    "Hi, when I was a teenager I took too many painkillers after a breakup and had to have my stomach"
    " pumped. I'm 35 now and about to start a new medication. Does that history matter?",
    "Hello, my grandfather collapsed with a cardiac arrest at a wedding three years ago and was brought"
    " back with CPR. He has an ICD fitted now. Is it safe for him to travel by plane?",
    "SUBJECT: question about seizures\nMESSAGE: My daughter had a seizure that lasted about ten minutes when"
    " she was a toddler, with a high fever. She is nine now and has never had another one. Is she more"
    " likely to develop epilepsy?",
    "Hi, my dad choked on a piece of steak at Christmas two years ago and my brother had to do the Heimlich"
    " manoeuvre. Since then Dad is nervous about eating meat. Are there exercises that make swallowing"
    " safer?",
    "Hi there. As a child I was badly burned on my arms by a chip pan fire and I have thick scars. Now that"
    " I am older they feel tight in hot weather. Can scar tissue be treated with laser?",
    "Hello, my brother stopped breathing in his sleep several times a night before he was diagnosed with"
    " sleep apnoea last year. He uses a CPAP machine now. How long does it take to notice the benefit?",
    "Good afternoon. In 2021 my son swallowed a button battery and needed surgery on his oesophagus. He"
    " recovered well. Do children who had that injury need any follow up as they grow?",
    "SUBJECT: after my TIA\nMESSAGE: Six months ago I had a TIA where my face drooped and my arm went weak"
    " for twenty minutes. Everything went back to normal. What lifestyle changes lower the chance of a"
    " full stroke?",
    "Hi, my wife overdosed on her insulin by mistake last month and her sugar went very low, she ended up"
    " in hospital. She is fine now. How can we stop it happening again?",
    "Last year, my son swallowed some bleach from under the sink and we spent a night in hospital. He"
    " seems completely fine. Could it have damaged his throat in a way that shows up later?",
    # Whoever writes it is awake.
    "I got hurt at work years ago and they gave me an anesthetic I should not have had, and then they"
    " could not wake me up for two days. How do I get tested so that it never happens again?",
]

# Long messages asking for information, with the writer or a relative named along the way.
LONG_INFORMATION = [
    "Hi, I'm a PE teacher and I'm putting together a talk for parents. Where can I find information on"
    " sudden cardiac arrest in teenagers?",
    "Hello! I would like information about stroke warning signs, because my parents are getting older and"
    " I want to be ready. What should I look out for?",
    "what are the symptoms of a heart attack in women? my sister asked me and I wasn't sure. She says they"
    " can be different from men's.",
    "SUBJECT: seizures\nMESSAGE: Do you have information on seizures after a stroke? My uncle is going to a"
    " talk about it next week and wants to read up first.",
    "Good morning. How is carbon monoxide poisoning treated, and how long does recovery usually take? We"
    " are doing a first aid course at work and the instructor mentioned it.",
    "Hi, my daughter is writing a school project about burns. Could you explain the difference between"
    " second and third degree burns and how each is treated?",
    "Hello, I'm a nursing student revising for an exam. What are the signs that someone has overdosed on"
    " opioids, and what does naloxone do?",
    "Hi. My grandmother keeps asking me about choking. What is the Heimlich manoeuvre and is it safe to do"
    " on an elderly person?",
    "I'd like to learn more about anaphylaxis because my son has a peanut allergy. When should an EpiPen be"
    " used, and do you still need to go to hospital afterwards?",
    "SUBJECT: info request\nMESSAGE: Hello, can you tell me what the warning signs of a stroke are in young"
    " adults? My cousin is 25 and I read that strokes are becoming more common in her age group.",
    "Hello, I'm caring for my dad who has COPD. What are the signs that his breathing problems have become"
    " an emergency rather than his usual breathlessness?",
    "Hi, I work in a school kitchen. What is the treatment for a chemical burn from oven cleaner, in case it"
    " ever happens to one of us? My manager wants us to know.",
    "Hello! I would like some information about choking in toddlers. My nephew starts nursery soon and his"
    " parents want to know which foods are the biggest risk.",
]

# Long messages about a long-standing complaint, already seen by a doctor, with a general question.
LONG_CHRONIC = [
    "SUBJECT: nerve damage after treatment\nMESSAGE: My feet have not been right since the radiotherapy I"
    " had last spring. My right foot is numb and tingling and a bit swollen, and I trip over it. What can be"
    " done for foot drop?",
    "Hi, my mum has had chest pain on and off for years and the doctors said it is costochondritis. She also"
    " gets short of breath when she walks uphill. What causes costochondritis, and does it ever go away?",
    "SUBJECT: long-term numbness\nMESSAGE: My husband has multiple sclerosis and for the past three years"
    " his left leg has been weak and numb, especially in the heat. His neurologist is aware. Are there any"
    " exercises or aids that could help him walk better?",
    "Hello, I've had asthma since I was little and I sometimes can't breathe properly when I exercise in"
    " the cold. My inhaler usually sorts it out within a few minutes. Is it safe for me to run a marathon?",
    "Hi, my son has cerebral palsy and has always had difficulty swallowing. He chokes on thin drinks a few"
    " times a week and his speech therapist has suggested thickener. Does thickener affect how well"
    " medicines work?",
    "Hello. My father is 82 and his speech has become more slurred over the last year. His GP thinks it is"
    " related to his Parkinson's. What treatments can help with speech in Parkinson's disease?",
    "Hi, I get nosebleeds a couple of times a month that can bleed heavily for ten minutes or so before"
    " stopping. My doctor checked and said my blood tests are normal. Is there anything I can do to prevent"
    " them?",
    "My dad had a heart attack 5 years ago and he now gets chest pain and breathlessness when he climbs the"
    " stairs, which his cardiologist says is stable angina. Which medicines are used for angina?",
    "SUBJECT: Raynaud's\nMESSAGE: Hi, my fingers and sometimes my lips go white then blue whenever I am out"
    " in the cold, and have done since my teens. My GP said it is Raynaud's phenomenon. Are there any"
    " gloves or medicines that really help?",
    "Hello, my brother has angina and for the last two years he has had chest tightness and sweating when"
    " he walks up hills, which goes away with rest and his spray. His cardiologist is happy with him. Can"
    " angina turn into a heart attack?",
    "Hi, my daughter has von Willebrand disease and her periods are very heavy every month, with a lot of"
    " blood loss and clots. Her haematologist knows and has prescribed tranexamic acid. Does it affect"
    " fertility later on?",
]

# Wordings a held-out evaluation found the rules missing (1-6: emergencies happening now) or firing on
# by mistake (7-9: an event in the past or already treated). Each gap is tested both ways, in short
# and long messages: emergencies it must catch, and ordinary messages it must leave alone.
WORDING_GAPS: dict[str, tuple[list[tuple[str, Emergency]], list[str]]] = {
    "electric shock now": (
        [
            (
                "my husband grabbed a frayed cable in the garage and now his hand is burnt and his heart is pounding",
                BURN,
            ),
            ("she got a massive electric shock from the fuse box and is confused", BURN),
            ("he was knocked backwards by an electric shock and can't stop shaking", BURN),
            ("my toddler stuck a hairpin into the wall socket and screamed, now she's very quiet", BURN),
            ("he got a shock from the plug socket and his arm is numb", BURN),
            (
                "Hi, I'm an electrician's apprentice. My boss was working on a consumer unit ten minutes ago when he"
                " touched a live wire. He was thrown against the wall, his fingers have black marks and he keeps"
                " saying his chest feels funny. What should I do?",
                BURN,
            ),
            (
                "SUBJECT: storm\nMESSAGE: My neighbour was struck by lightning in his garden a moment ago. He is"
                " awake but confused and his arm is burnt. We have called for help but want to know what to do"
                " until they arrive.",
                BURN,
            ),
        ],
        [
            "what should you do if someone gets an electric shock",
            "my feet get sharp pains like electric shocks at night",
            "I was electrocuted at work in 2012 and still have tingling in my hand",
            "is it safe to touch a frayed cable?",
            "Electric shock therapy for depression, is it safe?",
            "Hello, I have multiple sclerosis and for months I have had an electric shock feeling down my spine when"
            " I bend my head forward. My neurologist called it Lhermitte's sign. Does it mean my MS is getting"
            " worse?",
            "Hi, my son is doing a school project on electrical safety. How much current does it take to hurt a"
            " person, and why are power lines so dangerous to touch?",
        ],
    ),
    "head injury, not responding": (
        [
            ("my grandma slipped in the shower and banged her head, now she won't answer me", UNCONSCIOUS),
            ("he hit his head on the kerb and his eyes are shut and he isnt talking", UNCONSCIOUS),
            ("my son fell off the trampoline onto his head and keeps being sick and is really drowsy", UNCONSCIOUS),
            ("she isn't answering me and her body has gone floppy", UNCONSCIOUS),
            (
                "Hello, my husband has Parkinson's and lost his balance on the stairs about five minutes ago. He"
                " cracked the back of his head on the tiles. He is lying still with his eyes closed and won't"
                " respond when I say his name. Please help.",
                UNCONSCIOUS,
            ),
            (
                "SUBJECT: playground accident\nMESSAGE: A boy at my childminding group fell from the climbing frame"
                " and struck his head on the ground. He is not making sense and there is clear fluid coming out of"
                " his nose. His parents are on their way. What do I do?",
                UNCONSCIOUS,
            ),
        ],
        [
            "my son bumped his head on the table, he has a small bruise but is playing normally",
            "what are the warning signs after a head injury in children?",
            "my teenage daughter isn't answering my texts",
            "my dad isn't answering his phone",
            "I hit my head on the cupboard and feel a bit dizzy",
            "Hello, my grandmother hit her head in a fall two years ago and has been more forgetful since. Her GP"
            " thinks it might be early dementia. Can a head injury cause dementia years later?",
            "SUBJECT: concussion\nMESSAGE: Hi, my son banged his head playing rugby last month and the doctor said"
            " it was a mild concussion. He feels fine now. When is it safe for him to play contact sports again?",
        ],
    ),
    "paralysis after an injury": (
        [
            ("my brother came off his motorbike and can't feel his legs", UNCONSCIOUS),
            ("she fell down the stairs and says she can't move her arms or legs", UNCONSCIOUS),
            ("he got tackled hard at rugby, his neck is in agony and he can't move", UNCONSCIOUS),
            ("my dad fell from the roof and there's no feeling below his waist", UNCONSCIOUS),
            ("she slipped on ice and landed on her back and now her legs feel numb and won't move", UNCONSCIOUS),
            (
                "Hi, my friend jumped off the pier into the sea where it was too shallow. We dragged him out and he"
                " says his neck hurts and he can't feel his hands or feet. He is conscious and talking. What should"
                " we do?",
                UNCONSCIOUS,
            ),
            (
                "SUBJECT: horse riding\nMESSAGE: My daughter was thrown from her pony about ten minutes ago and"
                " landed on her back. She is crying and says she can't move her legs. She has mild asthma but that"
                " is under control. Should we lift her?",
                UNCONSCIOUS,
            ),
        ],
        [
            "my brother broke his back in 2018 and can't feel his legs, what equipment helps?",
            "I fell asleep on my arm and can't feel my fingers",
            "my husband is paraplegic after a diving accident, he can't feel his legs. how do we prevent pressure sores?",
            "My mum has MS and falls a lot; she can't feel her feet",
            "Since his car accident in 2015, he still can't move his legs and uses a wheelchair. Is stem cell"
            " therapy an option?",
            "Hello, I slept in an awkward position and my neck hurts and I can't turn my head to the left. Is there a"
            " stretch that helps?",
            "My dad has diabetic neuropathy and can't feel his feet. He slipped on the ice yesterday and hurt his"
            " ankle, which is swollen. Should he rest it or keep walking?",
        ],
    ),
    "heart attack signs described": (
        [
            ("my grandad is clutching his chest and sweating", HEART),
            ("the pain is crushing and spreading into my left arm", HEART),
            ("I have an ache going down my left arm and up into my jaw and I feel clammy", HEART),
            ("he looks ashen and sweaty and says the pain is bad", HEART),
            ("my mum is gripping her chest and can't talk", HEART),
            (
                "Hello, my mum is 66 and diabetic. About twenty minutes ago she started pressing her hand on her"
                " chest and said there was a heavy crushing feeling. She looks pale and clammy and says she feels"
                " sick. Is this her blood sugar?",
                HEART,
            ),
            (
                "SUBJECT: dad not well\nMESSAGE: My father was digging the garden and came in holding his chest. He"
                " says there is a pain going up into his jaw and down his left arm, and he is grey and dripping with"
                " sweat. What should we do?",
                HEART,
            ),
        ],
        [
            "why do people clutch their chest in films when they have a heart attack?",
            "I've had crushing tiredness since my MS diagnosis",
            "my neck pain shoots down my arm when I turn my head",
            "my friend crushed his hand in a car door, the pain is crushing and he feels sick",
            "Hi, my dad had a heart attack in 2019. At the time he was grey and sweating and clutching his chest. He"
            " is doing well now with rehab. What can he do to lower his risk of another one?",
            "SUBJECT: arm pain\nMESSAGE: I have had a trapped nerve in my neck for months and the pain shoots down"
            " into my right arm and fingers, and sometimes I feel a bit dizzy. My physio is working on it. Will it"
            " get better?",
        ],
    ),
    "scald or burn on a small child": (
        [
            ("my baby got scalded by bath water that was too hot", BURN),
            ("my 2 year old knocked a hot mug of tea over herself", BURN),
            ("my daughter tipped a pan of hot soup over herself, her chest is red and blistering", BURN),
            ("hot coffee spilled on my toddler", BURN),
            ("my toddler pulled the kettle cord and the kettle tipped over him", BURN),
            ("my grandson has a big scald on his leg and the skin is peeling off", BURN),
            (
                "Hi, I'm babysitting my niece who is 18 months old. She reached up and pulled a mug of hot tea off"
                " the counter onto her shoulder. The skin is red and a blister is forming. What should I do right"
                " now?",
                BURN,
            ),
            (
                "SUBJECT: bath scald\nMESSAGE: My partner ran the bath and our toddler climbed in before it was"
                " checked. His feet and legs are bright red and blistering and he won't stop screaming. We are"
                " cooling them under the tap. Is this serious?",
                BURN,
            ),
        ],
        [
            "what is the first aid for scalds in young children?",
            "I spilled hot tea on my hand this morning, it is a bit pink",
            "my toddler touched the oven door last month and had a small red mark, it healed in a week",
            "my daughter has a burning feeling when she pees",
            "My baby is teething and I burnt dinner",
            "my toddler got a carpet burn on his knee",
            "Hello, my baby son had a scald on his arm from a cup of tea when he was ten months old. It healed but"
            " left a shiny scar. He is three now. Will the scar fade as he grows?",
        ],
    ),
    "autonomic dysreflexia now": (
        [
            (
                "my wife is tetraplegic and has a thumping headache, her face is flushed and her bp is 205/115",
                UNCONSCIOUS,
            ),
            (
                "I have a T4 spinal cord injury and I have a splitting headache and I'm sweating above my injury",
                UNCONSCIOUS,
            ),
            (
                "my son has a spinal cord injury and his blood pressure is 190 over 112, his face is all blotchy",
                UNCONSCIOUS,
            ),
            ("I think my husband is having autonomic dysreflexia", UNCONSCIOUS),
            (
                "Hello, I care for a young man who is paraplegic after a car crash. In the last few minutes he has"
                " developed a banging headache and his face and neck have gone red, and his blood pressure machine"
                " says 200/118. His catheter might be blocked. What should I do?",
                UNCONSCIOUS,
            ),
            (
                "SUBJECT: blood pressure\nMESSAGE: I am a wheelchair user with a C6 injury. My blood pressure has"
                " just shot up, I have a pounding headache and I am sweating and flushed. My usual pressure is about"
                " 95 over 60. Help.",
                UNCONSCIOUS,
            ),
        ],
        [
            "what is autonomic dysreflexia?",
            "my brother has a spinal cord injury, what usually triggers autonomic dysreflexia and how can we prevent it?",
            "I have a spinal cord injury and get headaches sometimes",
            "my dad has a spinal cord injury and his bp is usually low, is that dangerous?",
            "Hi, my husband has a T5 spinal cord injury and had an episode of autonomic dysreflexia last year that"
            " put him in hospital. His blood pressure was over 200 then. How can we spot the early signs and"
            " prevent it happening again?",
            "SUBJECT: high blood pressure\nMESSAGE: My GP measured my blood pressure at 185 over 112 last month and"
            " started me on tablets. I occasionally get headaches. How long do the tablets take to bring it down?",
        ],
    ),
    "a lasting after-effect of a past event, said with still": (
        [
            (
                "My mum had a stroke last year and her arm is still weak, but today her face suddenly dropped on one side",
                STROKE,
            ),
            (
                "Since his stroke in 2020 he still walks with a stick. Tonight his speech is slurred and he can't lift his right arm.",
                STROKE,
            ),
            ("He had a stroke in March and still limps, and now his speech has suddenly gone slurred", STROKE),
            (
                "my grandmas speech is still slurred from her stroke last spring and it has suddenly got much worse",
                STROKE,
            ),
            (
                "Hello, my father had a stroke two years ago and his left hand is still a bit clumsy. About half an"
                " hour ago he suddenly started slurring his words and the left side of his mouth is drooping. What"
                " should we do?",
                STROKE,
            ),
            (
                "Hi, my brother broke his back years ago and still can't walk. Just now he fell out of his"
                " wheelchair, hit his head on the step and isn't responding to us. What should I do?",
                UNCONSCIOUS,
            ),
        ],
        [
            "My grandad had a stroke in March and his speech is still slurred, will speech therapy help?",
            "Since her stroke last autumn she still drags her left foot",
            "My wife had a stroke two months ago. She's home now and doing well, but her right hand is still weak and"
            " clumsy. Which exercises can help?",
            "SUBJECT: after his stroke\nMESSAGE: Hello, my uncle was in hospital with a stroke in January. He can get"
            " about with a stick but the left side of his face still droops a little when he smiles. Is that likely"
            " to be permanent?",
            "Hi, my son fell off a wall years ago and injured his spine. He still can't feel his feet. What can we do"
            " about pressure sores?",
        ],
    ),
    "a burn already assessed or treated": (
        [
            (
                "She went to the GP about her eczema last week. Today she pulled a pan of hot oil over herself and her arm is blistering.",
                BURN,
            ),
            (
                "We saw the GP last month about his asthma. This evening my toddler grabbed the kettle and scalded his chest.",
                BURN,
            ),
            (
                "my son burned his hand on the iron and we are on our way to urgent care, the skin is white and charred",
                BURN,
            ),
            (
                "the nurse dressed his knee last week, but tonight he fell into the bonfire and his legs are badly burnt",
                BURN,
            ),
            ("the GP saw her rash last week, now she has a big burn across her chest", BURN),
            (
                "Hello, my husband was seen at urgent care last week for a sprained wrist. Tonight he was welding in"
                " the garage and a spark set his sleeve alight; his forearm is badly burnt and the skin looks white"
                " and leathery. Should I take him in?",
                BURN,
            ),
        ],
        [
            "my son burned his hand on the iron and we went to urgent care where they said it is a second degree burn, how long will it take to heal",
            "she scalded her arm with boiling water, the nurse at the walk-in centre said it was superficial and dressed it",
            "she scalded her leg and the GP dressed it",
            "we went to A&E and the nurse said it's a second degree burn",
            "Hello, my father got a chemical burn from oven cleaner on Saturday. He went to the ER, they washed it"
            " and the doctor said it was a partial thickness burn. He has a follow up next week. What should he eat"
            " to help the skin heal?",
            "SUBJECT: kettle burn\nMESSAGE: My sister burnt her thigh with a kettle of boiling water. She was seen at"
            " A&E and the nurse said it was a second degree burn and bandaged it. Now she asks whether she can swim"
            " while it heals.",
            "Hi, my toddler pulled a mug of tea onto his hand on Sunday. We went to the minor injuries unit and the"
            " nurse said it was superficial and put a dressing on. How often should we change the dressing at home?",
        ],
    ),
    "asking whether a past, resolved episode was a stroke": (
        [
            (
                "Do you think my mother is having a mini stroke? Her speech went slurred ten minutes ago and it hasn't settled",
                STROKE,
            ),
            (
                "Do you think my dad had a stroke? His face drooped and his arm went weak. Last year he had a TIA and then he was fine.",
                STROKE,
            ),
            (
                "Could my husband have had a mini stroke? Last week he had a dizzy spell and then he was fine, but since this morning his speech has been slurred",
                STROKE,
            ),
            ("was that a stroke? her face drooped and she still can't lift her left arm", STROKE),
            (
                "SUBJECT: mini stroke?\nMESSAGE: Hi, do you think my gran could have had a TIA? Two months ago her"
                " hand went numb for a few minutes and then it passed. But right now her face looks lopsided and she"
                " can't lift her left arm. Should we wait?",
                STROKE,
            ),
        ],
        [
            "Could my dad have had a mini stroke? Last week his arm went numb for a few minutes and then he was fine",
            "did she have a mini stroke? last month her arm went numb, then it went away",
            "Do you think my sister had a TIA? Two weeks ago her face drooped for a minute, but it went away",
            "Was that a heart attack? A few months ago my husband had chest pain and sweating for twenty minutes,"
            " then it went away and he felt normal again.",
            "Hi. Do you think my grandmother had a small stroke? Last Christmas her words came out jumbled for a"
            " quarter of an hour and then she was back to normal. She's 81 and takes blood pressure tablets.",
            "SUBJECT: was it a stroke?\nMESSAGE: Hello, might my father have had a stroke? Last month his speech was"
            " slurred and his face drooped for about five minutes, then everything went back to normal. He hasn't"
            " seen a doctor yet.",
        ],
    ),
    # Found in real consumer questions: a topic of school work, a case put in general terms, a
    # complaint of many years, one the writer says is not there, an overdose feared, a dated event.
    "a topic, a general case, or a complaint that is not happening now": (
        [
            ("my son is 15 and collapsed at football, he has no pulse, what do I do", UNCONSCIOUS),
            ("I'm scared I overdosed on my sleeping pills an hour ago", POISONING),
            ("she has no breathing problems usually but right now her lips are blue and she is choking", BREATHING),
            ("if you find someone not breathing what do you do", BREATHING),
            ("I took an overdose of my pills and I need to talk to someone about it", POISONING),
            (
                "SUBJECT: carbon monoxide\nMESSAGE: The alarm is going off and my kids are dizzy and vomiting. We"
                " have opened the windows, what else should we do?",
                POISONING,
            ),
            (
                "Hi, I'm writing a report on cardiac arrest for school, but right now my grandad has collapsed in"
                " the kitchen and he isn't breathing. What do I do?",
                BREATHING,
            ),
            (
                "SUBJECT: now\nMESSAGE: My leg has been paralysed for the last 20 years, but ten minutes ago my face"
                " started drooping on the left side and my words are slurred. Please help.",
                STROKE,
            ),
        ],
        [
            "my son coughs at night but it is not a breathing problem, what can cause it?",
            "I don't want to accidentally overdose on my thyroid tablets, how do I know the dose is right?",
            "My left hand has been numb and tingling since my chemo, what can help?",
            "my right leg is weak since my radiation therapy, will it get better?",
            "Hello, I'm a high school student writing a research paper on sudden cardiac arrest in adolescents."
            " Could you send me any articles or brochures that might help me understand it?",
            "SUBJECT: school report on cardiac arrest\nMESSAGE: Hi, I am doing a report about sudden cardiac"
            " arrest in young athletes and would be grateful for any material you can send.",
            "I have a left leg that is paralysed last 20 years, the rest of me is fine. It is possible my leg"
            " can get better with treatment? How and where can I do it?",
            "Once someone has been exposed to carbon monoxide and the leak has been fixed and the air is clear,"
            " do they still need oxygen or blood tests afterwards?",
            "SUBJECT: Carbon Monoxide\nMESSAGE: After a leak is found and fixed (i.e. the furnace is shut off) and"
            " the air is clear, are oxygen treatments or blood tests still necessary?",
            "I had a big stroke on [DATE] with weakness on my left side. I'm home now and looking for products"
            " that help recovery; is anything approved for that?",
            "I had a big stroke on 3 March with weakness on my left side. I'm home now, are there any products"
            " that help recovery?",
        ],
    ),
}


@pytest.mark.parametrize(("message", "expected"), EMERGENCIES)
def test_emergency_is_detected_with_its_category(message: str, expected: Emergency) -> None:
    assert detect_emergency(message) is expected


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_message_is_not_an_emergency(message: str) -> None:
    assert detect_emergency(message) is None


def test_tables_cover_every_category_and_are_large_enough() -> None:
    assert {expected for _, expected in EMERGENCIES} == set(Emergency)
    assert len(EMERGENCIES) >= 45
    assert len(ORDINARY) >= 40


@pytest.mark.parametrize(("message", "expected"), LONG_EMERGENCIES)
def test_emergency_in_a_long_message_is_detected_whatever_else_it_says(message: str, expected: Emergency) -> None:
    assert detect_emergency(message) is expected


@pytest.mark.parametrize("message", LONG_PAST + LONG_INFORMATION + LONG_CHRONIC)
def test_long_message_about_the_past_facts_or_a_known_complaint_is_not_an_emergency(message: str) -> None:
    assert detect_emergency(message) is None


def test_long_tables_cover_every_category_and_are_long_messages() -> None:
    assert {expected for _, expected in LONG_EMERGENCIES} == set(Emergency)
    assert len(LONG_EMERGENCIES) >= 25
    assert len(LONG_PAST) + len(LONG_INFORMATION) + len(LONG_CHRONIC) >= 35
    for message in [message for message, _ in LONG_EMERGENCIES] + LONG_PAST + LONG_INFORMATION + LONG_CHRONIC:
        assert 20 <= len(message.split()) <= 90, message


def _gap_cases() -> list[tuple[str, Emergency]]:
    return [case for emergencies, _ in WORDING_GAPS.values() for case in emergencies]


@pytest.mark.parametrize(("message", "expected"), _gap_cases())
def test_emergency_told_in_other_words_is_detected(message: str, expected: Emergency) -> None:
    assert detect_emergency(message) is expected


@pytest.mark.parametrize("message", [message for _, ordinary in WORDING_GAPS.values() for message in ordinary])
def test_message_near_a_gap_that_is_no_emergency_now_is_answered_normally(message: str) -> None:
    assert detect_emergency(message) is None


@pytest.mark.parametrize("gap", list(WORDING_GAPS))
def test_every_gap_is_tested_both_ways_in_short_and_long_messages(gap: str) -> None:
    emergencies, ordinary = WORDING_GAPS[gap]
    assert len(emergencies) >= 4 and len(ordinary) >= 2
    for messages in ([message for message, _ in emergencies], ordinary):
        lengths = [len(message.split()) for message in messages]
        assert min(lengths) < 20 <= max(lengths), lengths


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # A clause in the present tense, or a new sentence, is not taken into the past.
        ("My dad had a stroke in 2019, he can't breathe", BREATHING),
        ("My dad had a stroke in 2019. He collapsed and stopped breathing.", BREATHING),
        ("He had a heart attack in 2018. Now he has crushing chest pain and is sweating.", HEART),
        # A message asking what to do keeps every clause without a marker of its own.
        ("my dad had a heart attack last year, he collapsed, what do I do", UNCONSCIOUS),
        # A change in a long-standing complaint: the whole sentence counts.
        ("She has had chest pain for years but now it is crushing and going down her arm", HEART),
        ("He's had epilepsy since he was a child and this seizure won't stop", UNCONSCIOUS),
        # A marker of now in the sentence overrules a past or long-standing one.
        ("My mom was diagnosed with epilepsy and has been seizing for 10 minutes", UNCONSCIOUS),
        ("she was diagnosed with a nut allergy last year and her throat is closing up", BREATHING),
        # Asking for help or information about someone named is a report.
        ("Where can I get help, my son swallowed bleach", POISONING),
        ("there is blood everywhere do you have any advice", BLEEDING),
        ("is choking common in toddlers? my toddler is choking now", BREATHING),
        # Suicide counts in any clause, past or not.
        ("I tried to kill myself two years ago and I still think about it", SUICIDE),
        # Past, long-standing, or a general question.
        ("When my son was born, he stopped breathing for a minute", None),
        ("Last year, my son swallowed some bleach. He is fine now.", None),
        ("In 2019 my son stopped breathing during a febrile seizure, and he turned blue. Is that common?", None),
        ("After my burn healed last month the skin is itchy. It was a third degree burn.", None),
        ("What are the signs that someone is having a stroke?", None),
    ],
)
def test_a_long_message_is_read_clause_by_clause(message: str, expected: Emergency | None) -> None:
    assert detect_emergency(message) is expected


def test_categories_are_strings_in_precedence_order() -> None:
    assert [category.value for category in Emergency] == [
        "suicide",
        "stroke",
        "heart",
        "breathing",
        "bleeding",
        "poisoning",
        "burn",
        "unconscious",
    ]
    result = detect_emergency("my dad is having a stroke")
    assert isinstance(result, Emergency) and result == "stroke"


@pytest.mark.parametrize(
    "message",
    [
        "i took too many pills because i want to die",
        "my chest hurts so bad i want to kill myself",
        "i cut myself on purpose and the bleeding wont stop",
        "he is unconscious, he said he wanted to kill himself",
        "i want to end my life, i swallowed bleach",
    ],
)
def test_suicide_wins_over_any_other_category(message: str) -> None:
    assert detect_emergency(message) is SUICIDE


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("chest pain and i cant breathe", HEART),  # HEART comes before BREATHING
        ("he is unconscious and not breathing", BREATHING),  # BREATHING before UNCONSCIOUS
        ("her face is drooping and she collapsed", STROKE),
    ],
)
def test_otherwise_the_first_category_in_order_wins(message: str, expected: Emergency) -> None:
    assert detect_emergency(message) is expected


@pytest.mark.parametrize("spelling", ["can't", "can’t", "cant", "cannot", "can not", "CAN'T"])
def test_spellings_of_cant_are_all_one(spelling: str) -> None:
    assert normalise_message(f"he {spelling} breathe") == "he cant breathe"
    assert detect_emergency(f"he {spelling} breathe") is BREATHING


def test_accents_and_case_are_folded() -> None:
    assert detect_emergency("MY DAD'S FACE IS DROOPING!!!") is STROKE
    assert detect_emergency("I want to kíll myself") is SUICIDE


@pytest.mark.parametrize("message", ["", " ", "\n\t  \n", "?!...", "\u2019"])
def test_empty_and_blank_messages_are_not_emergencies(message: str) -> None:
    assert detect_emergency(message) is None


@pytest.mark.parametrize(
    "text",
    [
        ("what causes chest pain? " * 5000)[:100_000],
        ("my dad is " * 10_000)[:100_000],
        "a" * 100_000,
        ("seizure blood chest " * 6000)[:100_000],
        "é" * 100_000,
    ],
    ids=["question", "people", "one-word", "sign-words", "accents"],
)
def test_very_long_ordinary_text_is_handled_quickly(text: str) -> None:
    assert len(text) == 100_000
    start = time.perf_counter()
    assert detect_emergency(text) is None
    assert time.perf_counter() - start < 3.0


def test_emergency_at_the_end_of_long_text_is_still_found() -> None:
    text = "what causes chest pain? " * 4000 + "my son swallowed bleach"
    assert detect_emergency(text) is POISONING
