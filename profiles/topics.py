"""Topic codes as people read them: arXiv gives "LG", "cs.CL", "stat.ML"; a page shows
"Machine Learning". Unknown topics are shown as the source wrote them."""
from __future__ import annotations

# arXiv's own category names (https://arxiv.org/category_taxonomy), the ones our sources use.
ARXIV_CATEGORIES = {
    "cs.AI": "Artificial Intelligence", "cs.AR": "Hardware Architecture", "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering", "cs.CG": "Computational Geometry", "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security", "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society", "cs.DB": "Databases", "cs.DC": "Distributed Computing",
    "cs.DL": "Digital Libraries", "cs.DM": "Discrete Mathematics", "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies", "cs.FL": "Formal Languages and Automata Theory", "cs.GL": "General Literature",
    "cs.GR": "Graphics", "cs.GT": "Computer Science and Game Theory", "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval", "cs.IT": "Information Theory", "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science", "cs.MA": "Multiagent Systems", "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software", "cs.NA": "Numerical Analysis", "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture", "cs.OS": "Operating Systems", "cs.PF": "Performance",
    "cs.PL": "Programming Languages", "cs.RO": "Robotics", "cs.SC": "Symbolic Computation", "cs.SD": "Sound",
    "cs.SE": "Software Engineering", "cs.SI": "Social and Information Networks", "cs.SY": "Systems and Control",
    "stat.ML": "Machine Learning (Statistics)", "stat.ME": "Statistical Methodology", "stat.TH": "Statistics Theory",
    "stat.CO": "Statistical Computation", "stat.AP": "Applied Statistics",
    "math.OC": "Optimization and Control", "math.ST": "Statistics Theory", "math.NA": "Numerical Analysis",
    "math.PR": "Probability", "math.IT": "Information Theory",
    "eess.SP": "Signal Processing", "eess.IV": "Image and Video Processing", "eess.AS": "Audio and Speech Processing",
    "eess.SY": "Systems and Control", "q-bio.NC": "Neurons and Cognition", "q-bio.QM": "Quantitative Methods",
    "physics.comp-ph": "Computational Physics", "quant-ph": "Quantum Physics",
}
# A bare code ("LG") is the computer-science one: that is how the listings we import write it.
_BARE = {code.split(".", 1)[1]: name for code, name in ARXIV_CATEGORIES.items() if code.startswith("cs.")}


def topic_name(topic: str) -> str:
    """The readable name of a topic code ("LG" → "Machine Learning"); other topics unchanged."""
    text = (topic or "").strip()
    return ARXIV_CATEGORIES.get(text) or _BARE.get(text) or text


def topic_is_code(topic: str) -> bool:
    """Whether the source gave a category code (shown as a name, with the code on hover)."""
    return topic_name(topic) != (topic or "").strip()
