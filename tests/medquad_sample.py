"""A tiny MedQuAD-shaped corpus, made up for the tests and written to a temporary folder when a
test asks for it: no MedQuAD file is kept in the repository (the real corpus is read from
../shared/datasets/medquad).

It has the real corpus's layouts: the `<Document>` layout, the other NINDS layout (`6_NINDS_QA`),
CDC's `<DiseaseFile>` root, answer-removed folders (10, 11), plus a document without a focus and a
malformed and a truncated XML file (`9_CDC_QA/0000003.xml`, `9_CDC_QA/0000004.xml`).
"""

from __future__ import annotations

from pathlib import Path

FILES: dict[str, str] = {
    "10_MPlus_ADAM_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="ADAM" url="https://www.nlm.nih.gov/medlineplus/ency/article/999001.htm">
 <!--Answers from the A.D.A.M. medical encyclopedia were removed to comply with the MedlinePlus copyright-->
<Focus>Fixture fever</Focus>
<FocusAnnotations>
	<Category>Disease</Category>
	<Synonyms>
		<Synonym>Encyclopedia fever</Synonym>
	</Synonyms>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="information">What is (are) Fixture fever ?</Question>
			<Answer></Answer>
	</QAPair>
	<QAPair pid="2">
			<Question qid="0000001-2" qtype="causes">What causes Fixture fever ?</Question>
			<Answer></Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "10_MPlus_ADAM_QA/0000002.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000002" source="ADAM" url="https://www.nlm.nih.gov/medlineplus/ency/article/999002.htm">
 <!--Answers from the A.D.A.M. medical encyclopedia were removed to comply with the MedlinePlus copyright-->
<Focus>Fixture rash</Focus>
<FocusAnnotations>
	<Category>Disease</Category>
	<Synonyms>
		<Synonym>Fixture fever</Synonym>
		<Synonym>FXS1</Synonym>
		<Synonym>Spotty fixture</Synonym>
	</Synonyms>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000002-1" qtype="symptoms">What are the symptoms of Fixture rash ?</Question>
			<Answer></Answer>
	</QAPair>
	<QAPair pid="2">
			<Question qid="0000002-2" qtype="when to contact a medical professional">When to contact a medical professional about Fixture rash ?</Question>
			<Answer></Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "11_MPlusDrugs_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="MPlusDrugs" url="https://www.nlm.nih.gov/medlineplus/druginfo/meds/a999001.html">
 <!--Answers from MedlinePlus drug information were removed to comply with the MedlinePlus copyright-->
<Focus>Fixturol</Focus>
<FocusAnnotations>
	<Category>Drug</Category>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="side effects">What are the side effects or risks of Fixturol ?</Question>
			<Answer></Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "2_GARD_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="GARD" url="https://rarediseases.info.nih.gov/gard/1/fixture-syndrome">
<Focus>Fixture syndrome</Focus>
<FocusAnnotations>
	<Synonyms>
		<Synonym>Fixture syndrome type 1</Synonym>
		<Synonym>IS</Synonym>
	</Synonyms>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="information">What is (are) Fixture syndrome ?</Question>
			<Answer>Fixture syndrome is a made-up condition of test suites. It affects the joints of the imagination.</Answer>
	</QAPair>
	<QAPair pid="2">
			<Question qid="0000001-2" qtype="symptoms">What are the symptoms of Fixture syndrome ?</Question>
			<Answer>What are the signs and symptoms of Fixture syndrome? The Human Phenotype Ontology provides the following list of signs and symptoms for Fixture syndrome. If the information is available, the table below includes how often the symptom is seen in people with this condition. Signs and Symptoms Approximate number of patients (when available) Joint stiffness 90% Low-set ears 7.5% Short stature 5/10 Autosomal recessive inheritance - Scoliosis - The Human Phenotype Ontology (HPO) has collected information on how often a sign or symptom occurs in a condition. Sometimes, no information on frequency is available.</Answer>
	</QAPair>
	<QAPair pid="3">
			<Question qid="0000001-3" qtype="treatment">What are the treatments for Fixture syndrome ?</Question>
			<Answer>How might Fixture syndrome be treated? There is no cure. Rest helps.</Answer>
	</QAPair>
	<QAPair pid="4">
			<Question qid="0000001-4" qtype="causes">What causes Fixture syndrome ?</Question>
			<Answer></Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "3_GHR_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="GHR" url="https://ghr.nlm.nih.gov/condition/fixture-syndrome">
<Focus>fixture syndrome</Focus>
<FocusAnnotations>
	<Synonyms>
		<Synonym>Fixture disease</Synonym>
		<Synonym>FXS1</Synonym>
		<Synonym>Ab</Synonym>
		<Synonym>Cold</Synonym>
		<Synonym>fixture disease</Synonym>
		<Synonym>Fixture Syndrome</Synonym>
	</Synonyms>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="information">What is (are) fixture syndrome ?</Question>
			<Answer>GHR text that loses to GARD's overview. It has two sentences.  A second paragraph follows two spaces.</Answer>
	</QAPair>
	<QAPair pid="2">
			<Question qid="0000001-2" qtype="frequency">How many people are affected by fixture syndrome ?</Question>
			<Answer>Fixture syndrome affects every test run.</Answer>
	</QAPair>
	<QAPair pid="3">
			<Question qid="0000001-3" qtype="genetic changes">What are the genetic changes related to fixture syndrome ?</Question>
			<Answer>Mutations in the FIX1 gene cause fixture syndrome.</Answer>
	</QAPair>
	<QAPair pid="4">
			<Question qid="0000001-4" qtype="inheritance">Is fixture syndrome inherited ?</Question>
			<Answer>This condition is inherited in an autosomal recessive pattern.</Answer>
	</QAPair>
	<QAPair pid="5">
			<Question qid="0000001-5" qtype="treatment">What are the treatments for fixture syndrome ?</Question>
			<Answer>These resources address the diagnosis or management of fixture syndrome:  - Genetic Testing Registry: Fixture syndrome  - MedlinePlus Encyclopedia: Fixtures</Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "4_MPlus_Health_Topics_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="MPlusHealthTopics" url="https://www.nlm.nih.gov/medlineplus/fixturefever.html">
<Focus>Fixture fever</Focus>
<FocusAnnotations>
	<Category>Disease</Category>
	<Synonyms>
		<Synonym>Test fever</Synonym>
	</Synonyms>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="information">What is (are) Fixture fever ?</Question>
			<Answer>Summary : Fixture fever is a made-up fever. It comes and goes.    Symptoms include:       - Fever    - Headache    - Rash       Most people get better in a week.</Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "5_NIDDK_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="NIDDK" url="https://www.niddk.nih.gov/fixture-kidney-disease">
<Focus>Fixture kidney disease</Focus>
<FocusAnnotations>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="information">What is (are) Fixture kidney disease ?</Question>
			<Answer>Fixture kidney disease is a made-up kidney disease.

The kidneys are two bean-shaped organs.</Answer>
	</QAPair>
	<QAPair pid="2">
			<Question qid="0000001-2" qtype="information">What is (are) Fixture kidney disease ?</Question>
			<Answer>A short second answer is joined to the first.</Answer>
	</QAPair>
	<QAPair pid="3">
			<Question qid="0000001-3" qtype="information">What is (are) Fixture kidney disease ?</Question>
			<Answer>This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit. This long third answer does not fit.</Answer>
	</QAPair>
	<QAPair pid="4">
			<Question qid="0000001-4" qtype="symptoms">What are the symptoms of Fixture kidney disease ?</Question>
			<Answer>Fixture kidney disease may cause

- swelling  - tiredness  - foamy urine</Answer>
	</QAPair>
	<QAPair pid="5">
			<Question qid="0000001-5" qtype="exams and tests">How to diagnose Fixture kidney disease ?</Question>
			<Answer>Tests include

- Urinalysis. A urine test.
- Blood test. A blood test.

A doctor explains the results.</Answer>
	</QAPair>
	<QAPair pid="6">
			<Question qid="0000001-6" qtype="considerations">What to do for Fixture kidney disease ?</Question>
			<Answer>Eating less salt may help.</Answer>
	</QAPair>
	<QAPair pid="7">
			<Question qid="0000001-7" qtype="support groups">What are the support groups for Fixture kidney disease ?</Question>
			<Answer>A support group answer that has no section.</Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "6_NINDS_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<doc docid="0000001" corpus="NINDS" url="http://www.ninds.nih.gov/disorders/fixture_palsy/fixture_palsy.htm">
<doctitle-focus>Fixture Palsy</doctitle-focus>
<umls>
<cui></cui>
<semanticType></semanticType>
<semanticGroup></semanticGroup>
</umls>
<qaPairs>
<pair pid="1">
<question qid="0000001-1" qtype="information">what is fixture palsy ?</question>
<answer>Fixture palsy is a made-up weakness.  It starts slowly.  It is typed with two spaces after every sentence.  They do not start paragraphs.</answer>
</pair>
<pair pid="2">
<question qid="0000001-2" qtype="treatment">is there any treatment for Fixture Palsy ?</question>
<answer>Rest and patience. </answer>
</pair>
<pair pid="3">
<question qid="0000001-3" qtype="outlook">what is the prognosis for Fixture Palsy ?</question>
<answer>Most people recover.</answer>
</pair>
<pair pid="4">
<question qid="0000001-4" qtype="research">what research is being done for Fixture Palsy ?</question>
<answer>The NINDS supports research on fixtures.</answer>
</pair>
</qaPairs>
</doc>
""",
    "7_SeniorHealth_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="NIHSeniorHealth" url="http://nihseniorhealth.gov/stroke/fixture.html">
<Focus>Stroke</Focus>
<FocusAnnotations>
	<Synonyms>
		<Synonym>Fixture brain attack</Synonym>
		<Synonym>CVA</Synonym>
	</Synonyms>
</FocusAnnotations>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0000001-1" qtype="information">What is (are) Stroke ?</Question>
			<Answer>A fixture overview of stroke that must not replace the dataset's own.</Answer>
	</QAPair>
	<QAPair pid="2">
			<Question qid="0000001-2" qtype="research">what research (or clinical trials) is being done for Stroke ?</Question>
			<Answer>Fixture research on stroke is under way.</Answer>
	</QAPair>
</QAPairs>
</Document>
""",
    "9_CDC_QA/0000001.xml": """<?xml version="1.0" encoding="UTF-8"?>
<DiseaseFile fid="0000001" source="CDC" url="http://www.cdc.gov/parasites/fixtureworm/">
<Focus>Parasites - Fixtureworm</Focus>
<UMLS>
<CUI></CUI>
</UMLS>
<QAPairs>
<QAPair pid="1">
<Question qid="0000001-1" qtype="susceptibility">Who is at risk for Parasites - Fixtureworm? ?</Question>
<Answer>People who write tests.

Nobody else.</Answer>
</QAPair>
<QAPair pid="2">
<Question qid="0000001-2" qtype="prevention">How to prevent Parasites - Fixtureworm ?</Question>
<Answer>   - Wash your hands
   - Review your code
  </Answer>
</QAPair>
</QAPairs>
</DiseaseFile>
""",
    "9_CDC_QA/0000002.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000002" source="CDC" url="http://www.cdc.gov/fixtures/">
<Focus></Focus>
<QAPairs>
<QAPair pid="1">
<Question qid="0000002-1" qtype="information">What is (are)  ?</Question>
<Answer>A document without a focus.</Answer>
</QAPair>
</QAPairs>
</Document>
""",
    "9_CDC_QA/0000003.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000003" source="CDC" url="http://www.cdc.gov/malformed/">
<Focus>Malformed fixture</Focus>
<QAPairs>
<QAPair pid="1">
<Question qid="0000003-1" qtype="information">What is (are) Malformed fixture ?</Question>
<Answer>The closing tags below do not match.</Question>
</QAPair>
</QAPairs>
</Document>
""",
    "9_CDC_QA/0000004.xml": """<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000004" source="CDC" url="http://www.cdc.gov/truncated/">
<Focus>Truncated fixture</Focus>
<QAPairs>
<QAPair pid="1">
<Question qid="0000004-1" qtype="information">What is (are) Truncated fixture ?</Question>
<Answer>This file ends in the middle of an ans""",
}


def write_corpus(directory: Path) -> Path:
    """Writes the corpus's files under `directory` and returns it."""
    for relative, text in FILES.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory
