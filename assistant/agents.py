"""The six interview agents: who they are, what they are good at, and how they answer.

Each agent has a system prompt (for the ``openai`` provider) and an answer framework: the
ordered steps of a good answer to its kind of question (STAR for behavioural questions;
requirements → API → data → scale → trade-offs for system design, …). The ``offline`` provider
composes its answers from these frameworks, and follow-up questions fall back to them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FrameworkStep:
    title: str
    guidance: str


@dataclass(frozen=True)
class Agent:
    id: str
    name: str
    specializations: tuple[str, ...]
    best_for: tuple[str, ...]
    system_prompt: str
    framework_name: str
    framework: tuple[FrameworkStep, ...]
    follow_ups: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "specializations": list(self.specializations),
            "best_for": list(self.best_for),
        }


_COMMON_PROMPT = (
    " Answer the interview question the candidate asks as a coach would: give the answer "
    "itself, structured, concrete and concise, then the pitfalls to avoid. Use plain text with "
    "short headings and bullet points. If a question from the user's question bank is supplied, "
    "build on its summary, key concepts, common mistakes and tips."
)

AGENTS: dict[str, Agent] = {
    agent.id: agent
    for agent in (
        Agent(
            id="product_manager",
            name="Product Manager",
            specializations=(
                "Product Strategy",
                "Prioritization",
                "Metrics",
                "User Research",
                "Frameworks",
            ),
            best_for=(
                "Product design questions",
                "Feature prioritization",
                "Product metrics and success criteria",
                "Go-to-market and roadmap questions",
            ),
            system_prompt=(
                "You are a senior product manager who interviews PM candidates at top "
                "technology companies. You reason from users and goals to solutions and "
                "metrics, and you make prioritisation trade-offs explicit (RICE, Kano, "
                "impact versus effort)." + _COMMON_PROMPT
            ),
            framework_name="CIRCLES",
            framework=(
                FrameworkStep(
                    "Comprehend the situation",
                    "Restate the goal, the product and "
                    "the constraints; ask what success means for the business.",
                ),
                FrameworkStep(
                    "Identify the customer",
                    "Pick the user segments and choose one to focus on, saying why.",
                ),
                FrameworkStep(
                    "Report the customer's needs",
                    "List the jobs to be done and the pain points of that segment.",
                ),
                FrameworkStep(
                    "Cut through prioritisation",
                    "Rank the needs by impact and effort (RICE) and pick the few that matter.",
                ),
                FrameworkStep(
                    "List solutions", "Brainstorm two or three distinct solutions for the top need."
                ),
                FrameworkStep(
                    "Evaluate trade-offs", "Compare them on value, cost, risk and time to learn."
                ),
                FrameworkStep(
                    "Summarise with metrics",
                    "Recommend one, with a north-star "
                    "metric, guardrail metrics and the first experiment.",
                ),
            ),
            follow_ups=(
                "Which metric would tell you the feature is succeeding?",
                "How would you prioritise this against the rest of the roadmap?",
                "What would you cut to ship a first version in six weeks?",
            ),
        ),
        Agent(
            id="technical",
            name="Technical",
            specializations=(
                "Programming Concepts",
                "Languages and Runtimes",
                "Databases",
                "Networking",
                "Operating Systems",
            ),
            best_for=(
                "Conceptual technical questions",
                "Explaining how a technology works",
                "Comparing tools, languages and protocols",
            ),
            system_prompt=(
                "You are a staff engineer who runs technical interviews. You explain concepts "
                "precisely, from a one-sentence definition to how it works underneath, with a "
                "small example and the trade-offs against alternatives." + _COMMON_PROMPT
            ),
            framework_name="Define → Explain → Example → Trade-offs",
            framework=(
                FrameworkStep("Define", "Give a one-sentence definition an interviewer can check."),
                FrameworkStep(
                    "Explain how it works",
                    "Describe the mechanism underneath: data "
                    "structures, protocol steps or runtime behaviour.",
                ),
                FrameworkStep("Show an example", "A short, concrete example or snippet."),
                FrameworkStep(
                    "Compare and trade-offs",
                    "When to use it, when not, and what the alternatives cost.",
                ),
                FrameworkStep(
                    "Real-world experience", "Close with where you used it and what you learned."
                ),
            ),
            follow_ups=(
                "What happens under the hood when this fails?",
                "How does this compare with the main alternative?",
                "Where have you used this in production, and what went wrong?",
            ),
        ),
        Agent(
            id="architect",
            name="Architect",
            specializations=(
                "Software Architecture",
                "Design Patterns",
                "Microservices",
                "Domain-Driven Design",
                "Cloud Architecture",
            ),
            best_for=(
                "Architecture and design pattern questions",
                "Monolith versus microservices decisions",
                "Migration and modernisation strategies",
            ),
            system_prompt=(
                "You are a principal software architect. You frame decisions by their "
                "drivers (quality attributes, constraints), compare options with explicit "
                "trade-offs, and record the decision and its consequences as an ADR would."
                + _COMMON_PROMPT
            ),
            framework_name="Drivers → Options → Decision → Consequences",
            framework=(
                FrameworkStep(
                    "Context and drivers",
                    "Name the quality attributes that matter "
                    "(availability, modifiability, cost, team autonomy) and the "
                    "constraints.",
                ),
                FrameworkStep(
                    "Options", "Lay out two or three architectural options or patterns that fit."
                ),
                FrameworkStep("Decision", "Choose one and justify it against the drivers."),
                FrameworkStep(
                    "Consequences",
                    "What becomes easier, what becomes harder, and the risks to watch.",
                ),
                FrameworkStep(
                    "Evolution",
                    "How the design can change later (seams, strangler fig, fitness functions).",
                ),
            ),
            follow_ups=(
                "How would you migrate an existing system to this design step by step?",
                "Which quality attribute would you trade away first, and why?",
                "How would you keep the services' boundaries clean as teams grow?",
            ),
        ),
        Agent(
            id="coding",
            name="Coding",
            specializations=(
                "Algorithms",
                "Data Structures",
                "Complexity Analysis",
                "Problem Solving",
                "Testing",
            ),
            best_for=(
                "Algorithm and data structure problems",
                "Live coding exercises",
                "Time and space complexity analysis",
            ),
            system_prompt=(
                "You are a coding interviewer. You solve problems out loud: clarify, start "
                "from a brute force, improve it with the right data structure, write clean "
                "code, and analyse time and space complexity and the edge cases." + _COMMON_PROMPT
            ),
            framework_name="Clarify → Brute force → Optimise → Code → Test",
            framework=(
                FrameworkStep(
                    "Clarify",
                    "Restate the problem, the input sizes and the edge "
                    "cases (empty input, duplicates, negative numbers).",
                ),
                FrameworkStep(
                    "Brute force", "State the simplest correct solution and its complexity."
                ),
                FrameworkStep(
                    "Optimise",
                    "Find the bottleneck and the data structure or "
                    "technique that removes it (hash map, two pointers, heap, "
                    "dynamic programming).",
                ),
                FrameworkStep(
                    "Code", "Write clean code with meaningful names, narrating the invariants."
                ),
                FrameworkStep(
                    "Test and analyse",
                    "Walk through an example and the edge "
                    "cases; state the final time and space complexity.",
                ),
            ),
            follow_ups=(
                "Can you do it in less memory?",
                "What are the edge cases, and how does your code handle them?",
                "How would the solution change if the input did not fit in memory?",
            ),
        ),
        Agent(
            id="behavioral",
            name="Behavioral",
            specializations=(
                "STAR Method",
                "Leadership",
                "Conflict Resolution",
                "Teamwork",
                "Career Story",
            ),
            best_for=(
                "Tell me about a time… questions",
                "Leadership and conflict questions",
                "Culture fit and motivation questions",
            ),
            system_prompt=(
                "You are a hiring manager who runs behavioural interviews. You coach answers "
                "in the STAR format (Situation, Task, Action, Result) with a measurable "
                "result and a reflection on what was learned." + _COMMON_PROMPT
            ),
            framework_name="STAR",
            framework=(
                FrameworkStep(
                    "Situation", "Set the scene in two sentences: team, project, stakes."
                ),
                FrameworkStep("Task", "What you were responsible for, and why it was hard."),
                FrameworkStep(
                    "Action",
                    "What you did, in the first person, step by step; this is most of the answer.",
                ),
                FrameworkStep("Result", "The measurable outcome (numbers, dates, feedback)."),
                FrameworkStep(
                    "Reflection", "What you learned and what you would do differently next time."
                ),
            ),
            follow_ups=(
                "What would you do differently if it happened again?",
                "How did the other people involved see the situation?",
                "Tell me about a time when this approach did not work.",
            ),
        ),
        Agent(
            id="system_design",
            name="System Design",
            specializations=(
                "Distributed Systems",
                "Scalability",
                "Data Modelling",
                "Caching",
                "Reliability",
            ),
            best_for=(
                "System design interviews",
                "Designing large-scale services",
                "Capacity estimation and scaling questions",
            ),
            system_prompt=(
                "You are a senior engineer who runs system design interviews. You design "
                "systems in order: requirements and estimates, API, data model, high-level "
                "architecture, scaling, and the trade-offs of each choice." + _COMMON_PROMPT
            ),
            framework_name="Requirements → API → Data → Scale → Trade-offs",
            framework=(
                FrameworkStep(
                    "Requirements",
                    "Functional requirements, non-functional ones "
                    "(latency, availability, consistency) and back-of-the-envelope "
                    "estimates of traffic and storage.",
                ),
                FrameworkStep(
                    "API",
                    "The few endpoints or messages the system exposes, "
                    "with their inputs and outputs.",
                ),
                FrameworkStep(
                    "Data model",
                    "Entities, access patterns and the storage that "
                    "fits them (relational, key-value, object storage).",
                ),
                FrameworkStep(
                    "Scale",
                    "High-level architecture, then caching, sharding, "
                    "replication, queues and CDNs where the estimates need them.",
                ),
                FrameworkStep(
                    "Trade-offs",
                    "Consistency versus availability, cost versus "
                    "latency, and the bottlenecks and failure modes left.",
                ),
            ),
            follow_ups=(
                "How would the design change at ten times the traffic?",
                "Where is the bottleneck, and how would you remove it?",
                "What happens when one data centre goes down?",
            ),
        ),
    )
}

AGENT_IDS: tuple[str, ...] = tuple(AGENTS)
