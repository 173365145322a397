"""The content of the demo workspaces (``manage.py seed_demo``), kept as plain Python so it reads
like a document and changes review like code. No JSON fixtures: ids and dates are made by the
command, relative to today, so the demo always looks current."""

from typing import NamedTuple


class DemoQuestion(NamedTuple):
    category: str
    difficulty: str
    text: str
    answer_summary: str
    key_concepts: list[str]
    common_mistakes: list[str]
    tips: list[str]
    tags: list[str]
    minutes: int


Q = DemoQuestion

QUESTIONS: list[DemoQuestion] = [
    # --- technical -------------------------------------------------------------------------
    Q(
        "technical",
        "easy",
        "What happens when you type a URL into a browser and press Enter?",
        "DNS resolves the host, the browser opens a TCP connection (and a TLS handshake for "
        "HTTPS), sends an HTTP request, the server answers with HTML, and the browser parses it, "
        "fetches sub-resources, builds the DOM and CSSOM, lays out and paints the page.",
        ["DNS", "TCP/TLS handshake", "HTTP request/response", "rendering pipeline"],
        ["Skipping TLS entirely", "Forgetting caching at each layer"],
        ["Go layer by layer and offer to dive deeper wherever the interviewer wants"],
        ["networking", "web"],
        8,
    ),
    Q(
        "technical",
        "medium",
        "Explain the difference between a process and a thread.",
        "A process has its own address space and resources; threads live inside a process and "
        "share its memory, so they are cheaper to create and switch between but need "
        "synchronisation. Processes isolate failures; threads share them.",
        ["address space", "context switch", "shared memory", "isolation"],
        ["Saying threads are always faster", "Ignoring the GIL when discussing Python"],
        ["Give a concrete example: a web server with worker processes and a thread pool"],
        ["operating-systems", "concurrency"],
        5,
    ),
    Q(
        "technical",
        "medium",
        "How does a database index speed up a query, and what does it cost?",
        "An index (usually a B-tree) keeps keys sorted with pointers to rows, turning a full scan "
        "into a logarithmic lookup or a range scan. It costs disk space and slows every insert, "
        "update and delete that must maintain it; unused indexes are pure overhead.",
        ["B-tree", "selectivity", "covering index", "write amplification"],
        ["Indexing every column", "Forgetting that column order matters in composite indexes"],
        ["Mention EXPLAIN and how you would verify the index is used"],
        ["databases", "sql", "performance"],
        6,
    ),
    Q(
        "technical",
        "hard",
        "What are the isolation levels in SQL and which anomalies does each prevent?",
        "Read uncommitted allows dirty reads; read committed prevents them; repeatable read also "
        "prevents non-repeatable reads; serializable prevents phantoms and write skew. PostgreSQL "
        "implements repeatable read as snapshot isolation and serializable with SSI.",
        ["dirty read", "non-repeatable read", "phantom", "write skew", "MVCC"],
        ["Assuming the default level is serializable", "Confusing locking with isolation"],
        ["Tie the answer to a real bug such as double-booking and how you fixed it"],
        ["databases", "transactions"],
        8,
    ),
    Q(
        "technical",
        "easy",
        "What is the difference between HTTP PUT and PATCH?",
        "PUT replaces the whole resource with the representation sent and is idempotent; PATCH "
        "applies a partial change. Both target an existing URI; POST creates under a collection.",
        ["idempotency", "partial update", "REST semantics"],
        ["Claiming PATCH must be non-idempotent", "Using PUT for partial updates"],
        ["Show a short example payload for each"],
        ["http", "api-design"],
        3,
    ),
    Q(
        "technical",
        "medium",
        "How would you find and fix a memory leak in a long-running service?",
        "Confirm growth with metrics, reproduce under load, take heap snapshots at intervals and "
        "diff them to find objects that accumulate, trace their owners (caches without bounds, "
        "listeners never removed, global lists), fix, and add a regression test or alert.",
        ["heap snapshot", "retention path", "bounded caches", "observability"],
        ["Restarting the service and calling it fixed", "Guessing without measurements"],
        ["Name the tools you have actually used (tracemalloc, pprof, Chrome DevTools)"],
        ["debugging", "performance"],
        7,
    ),
    Q(
        "technical",
        "hard",
        "Explain how garbage collection works in a language you know well.",
        "CPython uses reference counting for immediate reclamation plus a generational cycle "
        "collector for reference cycles; the JVM uses tracing collectors with generations and "
        "compaction. Trade-offs are pause time, throughput and memory overhead.",
        ["reference counting", "tracing", "generations", "stop-the-world pauses"],
        ["Saying garbage-collected languages cannot leak memory"],
        ["Relate it to a production symptom such as latency spikes during GC"],
        ["languages", "memory"],
        6,
    ),
    Q(
        "technical",
        "expert",
        "How does TLS establish a secure connection?",
        "Client and server agree on a cipher suite, the server proves its identity with a "
        "certificate chain the client validates, both derive shared keys with an ephemeral "
        "Diffie-Hellman exchange (forward secrecy), and the rest of the session is encrypted "
        "with symmetric keys. TLS 1.3 does this in one round trip.",
        [
            "certificate chain",
            "ephemeral Diffie-Hellman",
            "forward secrecy",
            "symmetric encryption",
        ],
        ["Saying the certificate encrypts the traffic", "Forgetting hostname validation"],
        ["Draw the handshake as a sequence diagram"],
        ["security", "networking"],
        8,
    ),
    # --- behavioral ------------------------------------------------------------------------
    Q(
        "behavioral",
        "easy",
        "Tell me about yourself.",
        "A two-minute story: where you are now, the one or two achievements that matter for this "
        "role, and why this role is the logical next step. It is a pitch, not a CV reading.",
        ["elevator pitch", "relevance", "narrative"],
        ["Reciting the CV chronologically", "Talking for ten minutes"],
        ["Rehearse it aloud and end with why you are excited about this team"],
        ["intro"],
        2,
    ),
    Q(
        "behavioral",
        "medium",
        "Tell me about a time you disagreed with your manager.",
        "Use STAR: the situation and what was at stake, the disagreement stated fairly, how you "
        "made your case with data and listened, the outcome, and what you learned, including "
        "when you committed to a decision you did not choose.",
        ["STAR", "disagree and commit", "influence without authority"],
        ["Making the manager the villain", "A story where nothing was at stake"],
        ["Show that the relationship was stronger afterwards"],
        ["conflict", "star"],
        4,
    ),
    Q(
        "behavioral",
        "medium",
        "Describe a project that failed. What did you learn?",
        "Pick a real failure you owned, explain the decision that went wrong and why it seemed "
        "right at the time, what you did when you noticed, and the concrete change in how you "
        "work now.",
        ["ownership", "post-mortem", "growth mindset"],
        ["A humble-brag failure", "Blaming other teams"],
        ["Quantify the impact and the improvement"],
        ["failure", "star"],
        4,
    ),
    Q(
        "behavioral",
        "easy",
        "Why do you want to work here?",
        "Connect three things: what the company does and why it matters to you, what you bring "
        "that fits their current challenges, and what you want to learn there.",
        ["motivation", "company research", "fit"],
        ["Generic praise that fits any company", "Talking only about salary or perks"],
        ["Mention something specific: a product, a blog post, an engineering value"],
        ["motivation"],
        2,
    ),
    Q(
        "behavioral",
        "hard",
        "Tell me about a time you had to deliver with incomplete information.",
        "Describe the ambiguity, how you separated reversible from irreversible decisions, the "
        "assumptions you wrote down and validated early, how you kept stakeholders informed, "
        "and the result.",
        ["ambiguity", "two-way doors", "risk management"],
        ["Waiting for certainty", "Not communicating assumptions"],
        ["Name the signal that would have made you change course"],
        ["ambiguity", "star"],
        4,
    ),
    Q(
        "behavioral",
        "medium",
        "Give an example of mentoring or helping a colleague grow.",
        "Explain who they were and what they needed, what you did (pairing, reviews, stretch "
        "tasks, feedback), how you measured progress, and where they are now.",
        ["mentoring", "feedback", "delegation"],
        ["Describing only doing the work for them"],
        ["Say what you learned from mentoring as well"],
        ["leadership", "star"],
        4,
    ),
    Q(
        "behavioral",
        "medium",
        "Tell me about a time you received difficult feedback.",
        "Share the feedback honestly, your first reaction, how you checked it and acted on it, "
        "and evidence that the change stuck.",
        ["self-awareness", "feedback loop", "coachability"],
        ["Choosing feedback that is secretly praise"],
        ["Close with how you now ask for feedback proactively"],
        ["feedback", "star"],
        3,
    ),
    Q(
        "behavioral",
        "hard",
        "Describe a time you had to say no to a stakeholder.",
        "Explain the request and why it conflicted with priorities, how you made the trade-off "
        "visible, the alternative you offered, and how the relationship held up.",
        ["prioritisation", "stakeholder management", "trade-offs"],
        ["Saying no without an alternative", "Caving and missing the real goal"],
        ["Use numbers: cost, delay, impact on other commitments"],
        ["stakeholders", "star"],
        4,
    ),
    # --- product ---------------------------------------------------------------------------
    Q(
        "product",
        "medium",
        "How would you improve our product's onboarding?",
        "Define who is onboarding and what activation means, look at the funnel to find the "
        "biggest drop, form hypotheses from user research, propose two or three experiments "
        "ranked by impact and effort, and say how you would measure success.",
        ["activation metric", "funnel analysis", "experimentation"],
        ["Jumping to features before defining success", "Ignoring different user segments"],
        ["State assumptions out loud and ask for data you would want"],
        ["growth", "onboarding"],
        10,
    ),
    Q(
        "product",
        "medium",
        "How do you prioritise a backlog with more requests than capacity?",
        "Tie work to the strategy and a measurable goal, estimate impact, confidence and effort "
        "(RICE or similar), make the trade-offs visible to stakeholders, and revisit as you learn.",
        ["RICE", "opportunity cost", "roadmap"],
        ["Prioritising by who shouts loudest", "Treating a framework as the answer"],
        ["Give an example of something important you chose not to build"],
        ["prioritisation"],
        6,
    ),
    Q(
        "product",
        "hard",
        "Our daily active users dropped 10% last week. How do you investigate?",
        "Check the data first (tracking, definitions, seasonality), then segment the drop by "
        "platform, region, version, channel and cohort, correlate with releases and external "
        "events, form hypotheses, verify, and decide on a fix and communication.",
        ["metric decomposition", "segmentation", "root cause"],
        ["Assuming the data is right", "Listing causes without a method"],
        ["Structure the answer as internal vs external and data vs real causes"],
        ["metrics", "analytics"],
        8,
    ),
    Q(
        "product",
        "easy",
        "What is your favourite product and how would you improve it?",
        "Pick a product you know deeply, say who it serves and why it works, identify one real "
        "user problem, propose an improvement and how you would validate it.",
        ["user empathy", "product sense"],
        ["Choosing an obscure product without explaining it", "Proposing many shallow ideas"],
        ["Define the target user before the feature"],
        ["product-sense"],
        6,
    ),
    Q(
        "product",
        "medium",
        "How would you define success metrics for a new feature?",
        "Start from the user problem and the business goal, choose one primary metric that moves "
        "if the feature works, add guardrail metrics for harm, and define the target and the "
        "time frame before launch.",
        ["north star", "guardrail metrics", "leading indicators"],
        ["Only measuring usage", "Choosing metrics after seeing the results"],
        ["Mention how you would run an A/B test"],
        ["metrics"],
        5,
    ),
    Q(
        "product",
        "hard",
        "Design a product for elderly people to stay in touch with family.",
        "Clarify the users (seniors and relatives), their constraints (vision, dexterity, tech "
        "comfort), the core jobs to be done, sketch a minimal solution, list risks, and define "
        "how you would test it with real users.",
        ["personas", "jobs to be done", "accessibility", "MVP"],
        ["Designing for yourself", "Ignoring the relatives as a second user group"],
        ["Prioritise one scenario and go deep"],
        ["design", "product-sense"],
        10,
    ),
    Q(
        "product",
        "medium",
        "How do you work with engineering when a deadline is at risk?",
        "Surface the risk early with facts, understand the cause, lay out options (cut scope, "
        "move the date, add people, accept risk) with their costs, decide with stakeholders and "
        "communicate the new plan.",
        ["scope vs time", "transparency", "trade-offs"],
        ["Asking engineers to just work harder"],
        ["Give a real example where you cut scope and still hit the goal"],
        ["collaboration"],
        5,
    ),
    Q(
        "product",
        "easy",
        "What does a product manager do?",
        "A PM makes sure the team builds the right thing: understanding users and the business, "
        "setting direction and priorities, and aligning people so that value ships and is "
        "measured.",
        ["discovery", "delivery", "alignment"],
        ["Describing a project manager", "Claiming the PM decides everything"],
        ["Use an example from your own work"],
        ["role"],
        3,
    ),
    # --- system design ---------------------------------------------------------------------
    Q(
        "system_design",
        "medium",
        "Design a URL shortener.",
        "Clarify scale and features, expose a create and a redirect API, generate short keys "
        "(base62 of a counter or random with collision check), store key → URL in a key-value "
        "store, cache hot keys, redirect with 301/302, and add analytics asynchronously.",
        ["base62 encoding", "key-value store", "caching", "read-heavy workload"],
        ["Skipping capacity estimates", "Ignoring collisions and abuse"],
        ["Do the back-of-the-envelope maths early"],
        ["classic", "scalability"],
        35,
    ),
    Q(
        "system_design",
        "hard",
        "Design a news feed like Twitter's home timeline.",
        "Discuss fan-out on write (precomputed timelines in a cache) vs fan-out on read, a hybrid "
        "for celebrities, ranking, pagination by cursor, storage of posts and the social graph, "
        "and how caches are invalidated.",
        ["fan-out on write", "fan-out on read", "timeline cache", "cursor pagination"],
        ["One approach for all users", "Forgetting deletes and privacy changes"],
        ["Call out the celebrity problem before the interviewer does"],
        ["classic", "feeds"],
        45,
    ),
    Q(
        "system_design",
        "hard",
        "Design a rate limiter for a public API.",
        "Choose an algorithm (token bucket, sliding window), where it runs (gateway or "
        "middleware), shared state in Redis with atomic operations, per-key limits, response "
        "headers and 429s, and behaviour when the store is down.",
        ["token bucket", "sliding window", "distributed counters", "fail open vs closed"],
        ["Keeping counters only in one process", "Ignoring clock skew"],
        ["Explain the trade-off of fail-open vs fail-closed"],
        ["api", "reliability"],
        35,
    ),
    Q(
        "system_design",
        "medium",
        "How would you design a notification system?",
        "Producers publish events to a queue; a service applies user preferences and templates, "
        "deduplicates, and hands messages to channel workers (e-mail, push, SMS) with retries, "
        "rate limits and a delivery log.",
        ["message queue", "idempotency", "retries with backoff", "user preferences"],
        ["Sending synchronously inside the request", "No deduplication"],
        ["Mention how you would avoid sending the same reminder twice"],
        ["messaging"],
        35,
    ),
    Q(
        "system_design",
        "expert",
        "Design a globally distributed key-value store.",
        "Partition with consistent hashing, replicate across zones, choose consistency per "
        "operation (quorums), handle failures with hinted handoff and anti-entropy, and resolve "
        "conflicts with versions or CRDTs.",
        ["consistent hashing", "quorum reads and writes", "CAP", "vector clocks"],
        ["Promising strong consistency and low latency everywhere"],
        ["State which guarantees you give up and why"],
        ["distributed-systems"],
        45,
    ),
    Q(
        "system_design",
        "medium",
        "Design a file upload service for large files.",
        "Resumable chunked uploads directly to object storage with pre-signed URLs, a metadata "
        "service, virus scanning and processing through a queue, checksums for integrity, and "
        "lifecycle rules for storage cost.",
        ["pre-signed URLs", "multipart upload", "object storage", "async processing"],
        ["Streaming all bytes through the API servers"],
        ["Talk about limits and what happens when a client disconnects"],
        ["storage"],
        30,
    ),
    Q(
        "system_design",
        "hard",
        "How would you design a real-time chat application?",
        "Persistent connections (WebSockets) to gateway servers, a presence service, messages "
        "stored per conversation with ordering by sequence, fan-out through pub/sub, delivery "
        "receipts, and offline delivery with push.",
        ["WebSockets", "pub/sub", "message ordering", "presence"],
        ["Polling at scale", "Ignoring ordering and duplicates"],
        ["Define delivery guarantees explicitly"],
        ["real-time"],
        40,
    ),
    Q(
        "system_design",
        "easy",
        "What is a load balancer and what algorithms can it use?",
        "It spreads traffic over healthy instances: round robin, least connections, weighted, or "
        "consistent hashing for stickiness; it runs health checks and can terminate TLS.",
        ["health checks", "L4 vs L7", "sticky sessions"],
        ["Forgetting the load balancer itself must be redundant"],
        ["Relate it to a system you operated"],
        ["fundamentals"],
        5,
    ),
    # --- coding ----------------------------------------------------------------------------
    Q(
        "coding",
        "easy",
        "Reverse a singly linked list.",
        "Walk the list once with three pointers (previous, current, next), pointing each node "
        "back to the previous one. O(n) time and O(1) space; the recursive version uses O(n) "
        "stack.",
        ["pointers", "in-place", "iteration vs recursion"],
        ["Losing the rest of the list by overwriting next too early"],
        ["Draw three nodes and walk through them before coding"],
        ["linked-list"],
        15,
    ),
    Q(
        "coding",
        "easy",
        "Find two numbers in an array that add up to a target.",
        "One pass with a hash map from value to index: for each number, check whether target "
        "minus it was seen. O(n) time, O(n) space; sort and two pointers if space matters.",
        ["hash map", "complement", "two pointers"],
        ["Nested loops without discussing complexity", "Using the same element twice"],
        ["State the brute force first, then improve it"],
        ["arrays", "hashing"],
        10,
    ),
    Q(
        "coding",
        "medium",
        "Detect a cycle in a linked list.",
        "Floyd's tortoise and hare: move one pointer by one and another by two; they meet iff "
        "there is a cycle. To find the start, reset one pointer to the head and move both by one.",
        ["Floyd's algorithm", "fast and slow pointers"],
        ["Using a set without mentioning the O(n) space"],
        ["Explain why the pointers must meet"],
        ["linked-list"],
        15,
    ),
    Q(
        "coding",
        "medium",
        "Return the k most frequent elements of an array.",
        "Count with a hash map, then either keep a min-heap of size k (O(n log k)) or bucket by "
        "frequency (O(n)).",
        ["hash map", "heap", "bucket sort"],
        ["Sorting the whole map when k is small"],
        ["Mention ties and how you would break them"],
        ["heap", "hashing"],
        20,
    ),
    Q(
        "coding",
        "medium",
        "Merge overlapping intervals.",
        "Sort by start, then walk once, extending the last merged interval when the next starts "
        "before it ends, else appending. O(n log n).",
        ["sorting", "greedy", "intervals"],
        ["Forgetting touching intervals", "Not sorting first"],
        ["Test with nested and identical intervals"],
        ["arrays", "sorting"],
        20,
    ),
    Q(
        "coding",
        "hard",
        "Design an LRU cache with O(1) get and put.",
        "A hash map from key to node of a doubly linked list ordered by recency; get moves the "
        "node to the front, put inserts at the front and evicts from the tail when full.",
        ["hash map", "doubly linked list", "eviction"],
        ["Using a list with O(n) removal", "Forgetting to update on get"],
        ["Mention OrderedDict, then implement it by hand"],
        ["design", "hashing"],
        30,
    ),
    Q(
        "coding",
        "hard",
        "Find the longest substring without repeating characters.",
        "Sliding window with a map of last positions: move the left edge past the previous "
        "occurrence of the current character, track the best length. O(n).",
        ["sliding window", "hash map"],
        ["Moving the left edge backwards"],
        ["Trace 'abba' to show the edge case"],
        ["strings", "sliding-window"],
        25,
    ),
    Q(
        "coding",
        "expert",
        "Serialise and deserialise a binary tree.",
        "Pre-order traversal writing a marker for null children; deserialise by reading the same "
        "order recursively (or iteratively with a stack). O(n) both ways.",
        ["tree traversal", "recursion", "encoding"],
        ["Losing structure by omitting null markers"],
        ["Discuss the format's size and how to version it"],
        ["trees"],
        30,
    ),
    # --- case study ------------------------------------------------------------------------
    Q(
        "case_study",
        "medium",
        "Estimate how many coffee shops there are in Berlin.",
        "Structure top-down (population x cups per day / cups per shop) and sanity-check "
        "bottom-up (shops per street in different areas); state assumptions, round sensibly, "
        "and give a range.",
        ["market sizing", "top-down vs bottom-up", "assumptions"],
        ["False precision", "Not checking the result against reality"],
        ["Say the structure before doing any arithmetic"],
        ["estimation"],
        10,
    ),
    Q(
        "case_study",
        "hard",
        "A client's profits are falling. How would you find out why?",
        "Split profit into revenue (price x volume, by segment) and costs (fixed, variable), "
        "compare with competitors and the market, find where the change happened, then propose "
        "prioritised actions.",
        ["profit tree", "MECE", "benchmarking"],
        ["Diving into one cause before framing the whole problem"],
        ["Summarise the answer first, then support it"],
        ["profitability"],
        20,
    ),
    Q(
        "case_study",
        "medium",
        "Should our company enter the electric scooter rental market?",
        "Assess market size and growth, competition and regulation, the company's capabilities "
        "and unit economics, and the entry options; recommend with risks and next steps.",
        ["market entry", "unit economics", "competitive landscape"],
        ["No recommendation at the end"],
        ["Use a simple framework and say it out loud"],
        ["market-entry"],
        20,
    ),
    Q(
        "case_study",
        "easy",
        "How would you price a new subscription product?",
        "Understand the value to customers, the costs, and competitor prices; choose a model "
        "(tiers, usage, seats), test willingness to pay, and plan how to evolve pricing.",
        ["value-based pricing", "tiers", "willingness to pay"],
        ["Cost-plus only"],
        ["Mention experiments with price pages"],
        ["pricing"],
        10,
    ),
    Q(
        "case_study",
        "hard",
        "Our support tickets doubled after a release. What do you do?",
        "Triage (severity, rollback option), categorise tickets to find the top drivers, link "
        "them to changes, fix or revert, communicate to customers, and add monitoring so the "
        "next regression is caught before support sees it.",
        ["incident response", "root cause analysis", "communication"],
        ["Hiring more support before understanding the cause"],
        ["Separate the short-term fix from the long-term prevention"],
        ["operations"],
        15,
    ),
    Q(
        "case_study",
        "medium",
        "How many interviews does a company need to hire 50 engineers?",
        "Work backwards through the funnel: offers needed at an acceptance rate, on-sites per "
        "offer, screens per on-site, applicants per screen; turn it into interviewer hours and "
        "discuss how to improve conversion.",
        ["funnel", "conversion rates", "capacity planning"],
        ["Forgetting offer acceptance", "Ignoring interviewer time"],
        ["Show the funnel as a small table"],
        ["estimation", "recruiting"],
        12,
    ),
    Q(
        "case_study",
        "expert",
        "Design a go-to-market plan for a B2B analytics tool.",
        "Define the ideal customer profile and buyer, the value proposition, channels (sales-led "
        "vs product-led), pricing and packaging, launch sequence and the metrics for each stage.",
        ["ICP", "product-led growth", "sales funnel"],
        ["Targeting everyone"],
        ["Pick one segment and make it concrete"],
        ["go-to-market"],
        25,
    ),
    Q(
        "case_study",
        "medium",
        "A hospital has long emergency-room waits. How do you help?",
        "Map the patient flow, measure where time is spent, find the bottleneck (triage, beds, "
        "staff, discharges), propose targeted changes and how to pilot and measure them.",
        ["process mapping", "bottleneck", "queueing"],
        ["Proposing more staff without data"],
        ["Use Little's law to reason about queues"],
        ["operations"],
        20,
    ),
    # --- hr --------------------------------------------------------------------------------
    Q(
        "hr",
        "easy",
        "What are your salary expectations?",
        "Give a researched range based on the role, level and location, anchored on total "
        "compensation, and say you are flexible for the right role; or ask for their band first.",
        ["market research", "total compensation", "anchoring"],
        ["Naming a number without research", "Underselling yourself"],
        ["Know your walk-away number before the call"],
        ["compensation"],
        2,
    ),
    Q(
        "hr",
        "easy",
        "Why are you leaving your current job?",
        "Keep it forward-looking: what you want to grow into and why this role offers it. Be "
        "honest but never negative about your employer.",
        ["motivation", "professionalism"],
        ["Complaining about your manager or company"],
        ["Prepare one sentence and one example"],
        ["motivation"],
        2,
    ),
    Q(
        "hr",
        "easy",
        "Where do you see yourself in five years?",
        "Describe the skills and impact you want to have, in a way that fits the company's path, "
        "showing ambition and commitment without a rigid title plan.",
        ["career goals", "alignment"],
        ["Saying you want the interviewer's job", "Having no answer"],
        ["Connect it to what the role teaches"],
        ["career"],
        2,
    ),
    Q(
        "hr",
        "medium",
        "What is your greatest weakness?",
        "Name a real, job-relevant weakness, show awareness of its impact, and describe what you "
        "are actively doing about it with evidence of progress.",
        ["self-awareness", "improvement plan"],
        ["Clichés such as perfectionism", "A weakness that disqualifies you"],
        ["End on the progress you have made"],
        ["self-awareness"],
        3,
    ),
    Q(
        "hr",
        "easy",
        "Do you have any questions for us?",
        "Always yes: ask about the team's current challenges, how success is measured in the "
        "first six months, how decisions are made, and what the interviewer enjoys about working "
        "there.",
        ["curiosity", "due diligence"],
        ["Asking nothing", "Asking only about holidays"],
        ["Prepare five questions and ask the two that fit best"],
        ["closing"],
        3,
    ),
    Q(
        "hr",
        "medium",
        "How do you handle stress and pressure?",
        "Give an example of a high-pressure situation, how you prioritised and communicated, the "
        "habits that keep you effective, and the result.",
        ["prioritisation", "resilience", "communication"],
        ["Claiming you never feel stress"],
        ["Use a concrete example rather than general statements"],
        ["resilience"],
        3,
    ),
    Q(
        "hr",
        "medium",
        "What kind of work environment helps you do your best work?",
        "Describe the conditions (clear goals, autonomy, feedback, collaboration style) honestly "
        "and relate them to what you have learned about this company.",
        ["culture fit", "self-knowledge"],
        ["Describing an environment opposite to theirs"],
        ["Research the company's values beforehand"],
        ["culture"],
        2,
    ),
    Q(
        "hr",
        "hard",
        "You have another offer. How do you handle it in this process?",
        "Be transparent about the timeline without using it as a threat, say why this company "
        "is your preference if it is, and ask whether the process can be accelerated.",
        ["negotiation", "transparency", "timelines"],
        ["Bluffing about offers", "Accepting an exploding offer under pressure"],
        ["Keep every company informed of real deadlines"],
        ["negotiation"],
        3,
    ),
    # --- other -----------------------------------------------------------------------------
    Q(
        "other",
        "easy",
        "How do you keep your skills up to date?",
        "Name concrete habits: a few sources you read, side projects, courses, conference talks "
        "or communities, and one recent thing you learned and applied at work.",
        ["continuous learning", "curiosity"],
        ["Listing sources you never actually use"],
        ["Show one recent example end to end"],
        ["learning"],
        2,
    ),
    Q(
        "other",
        "medium",
        "Explain a complex technical topic to a non-technical person.",
        "Pick a topic, start with why it matters to them, use one analogy, avoid jargon, check "
        "understanding, and invite questions.",
        ["communication", "analogy", "audience awareness"],
        ["Jargon", "Condescension"],
        ["Practise with a friend outside tech"],
        ["communication"],
        4,
    ),
    Q(
        "other",
        "medium",
        "Walk me through a project on your CV you are proud of.",
        "Context and goal, your role specifically, the hardest technical or people problem and "
        "how you solved it, the measurable result, and what you would do differently.",
        ["ownership", "impact", "reflection"],
        ["Saying 'we' for everything", "No numbers"],
        ["Prepare a one-minute and a five-minute version"],
        ["projects"],
        5,
    ),
    Q(
        "other",
        "easy",
        "What did you do in the gap on your CV?",
        "Be brief and honest (study, family, health, a career change), mention anything you "
        "learned or built, and move on to why you are ready now.",
        ["honesty", "confidence"],
        ["Over-explaining or apologising"],
        ["Rehearse a two-sentence answer"],
        ["cv"],
        2,
    ),
    Q(
        "other",
        "medium",
        "How do you approach code review?",
        "Review for correctness, clarity and risk first, style last; be specific and kind, "
        "separate blocking comments from suggestions, and keep reviews small and fast.",
        ["code review", "feedback", "team practices"],
        ["Nitpicking style while missing bugs"],
        ["Mention automation for style (formatters, linters)"],
        ["engineering-practices"],
        3,
    ),
    Q(
        "other",
        "hard",
        "Tell me about a technical decision you would make differently today.",
        "Describe the decision and its context, the constraints at the time, what changed or "
        "what you learned, and how you now make similar decisions.",
        ["hindsight", "trade-offs", "architecture decisions"],
        ["Choosing a trivial decision"],
        ["Show you understood why it was reasonable then"],
        ["reflection"],
        4,
    ),
    Q(
        "other",
        "medium",
        "How do you estimate how long a task will take?",
        "Break it into pieces, estimate each from experience, add explicit buffers for unknowns, "
        "share a range rather than a point, and update the estimate as you learn.",
        ["decomposition", "uncertainty", "communication"],
        ["Giving a single optimistic number"],
        ["Mention how you track estimate accuracy"],
        ["planning"],
        3,
    ),
    Q(
        "other",
        "easy",
        "What do you do when you are stuck on a problem?",
        "Time-box the struggle, write down what you know, simplify or reproduce in isolation, "
        "search and read the source, then ask for help with a clear summary of what you tried.",
        ["problem solving", "asking for help"],
        ["Staying stuck for days alone"],
        ["Give a concrete recent example"],
        ["problem-solving"],
        2,
    ),
]

SKILLS: list[tuple[str, str, str, bool, str]] = [
    # name, category, skill_type, is_trending, market_demand
    ("Python", "Programming", "technical", True, "high"),
    ("Django", "Web", "tool", False, "high"),
    ("PostgreSQL", "Databases", "tool", False, "high"),
    ("System design", "Architecture", "technical", True, "high"),
    ("Kubernetes", "Infrastructure", "tool", True, "high"),
    ("TypeScript", "Programming", "technical", True, "high"),
    ("React", "Web", "tool", False, "high"),
    ("Go", "Programming", "technical", True, "medium"),
    ("AWS", "Cloud", "tool", False, "high"),
    ("Communication", "Soft skills", "soft", False, "high"),
    ("Stakeholder management", "Soft skills", "soft", False, "medium"),
    ("Machine learning", "Data", "domain", True, "high"),
    ("Product analytics", "Product", "domain", False, "medium"),
]

# The demo user's own skills (name, proficiency 1-5): a few gaps on purpose.
USER_SKILLS: list[tuple[str, int]] = [
    ("Python", 5),
    ("Django", 4),
    ("PostgreSQL", 4),
    ("System design", 3),
    ("Kubernetes", 2),
    ("TypeScript", 3),
    ("Communication", 4),
    ("Go", 1),
]


class DemoApplication(NamedTuple):
    company: str
    industry: str
    headquarters: str
    website: str
    title: str
    seniority: str
    location: str
    is_remote: bool
    salary_range: str
    source: str
    days_ago: int  # application date, days before today
    # Where it stands; an application with rounds has reached "interviewing" at least (scheduling
    # a round moves it there).
    status: str
    skills: list[str]
    contact: tuple[str, str, str]  # name, title, e-mail
    # Interview rounds: (kind, days from today (negative = past), outcome).
    rounds: list[tuple[str, int, str]]
    follow_up_in_days: int | None


A = DemoApplication

APPLICATIONS: list[DemoApplication] = [
    A(
        "Northwind Analytics",
        "Data & analytics",
        "Berlin, Germany",
        "https://northwind.example.com",
        "Senior Backend Engineer",
        "senior",
        "Berlin",
        True,
        "€85k-€100k",
        "LinkedIn",
        40,
        "interviewing",
        ["Python", "PostgreSQL", "System design"],
        ("Lena Fischer", "Technical Recruiter", "lena.fischer@northwind.example.com"),
        [
            ("phone_screen", -30, "passed"),
            ("technical", -18, "passed"),
            ("system_design", 3, "pending"),
        ],
        None,
    ),
    A(
        "Globex Payments",
        "Fintech",
        "Amsterdam, Netherlands",
        "https://globex.example.com",
        "Staff Software Engineer, Payments",
        "staff",
        "Amsterdam",
        False,
        "€110k-€130k",
        "Referral",
        35,
        "offer",
        ["Python", "Go", "Kubernetes"],
        ("Pieter de Vries", "Engineering Manager", "pieter@globex.example.com"),
        [
            ("phone_screen", -28, "passed"),
            ("coding", -21, "passed"),
            ("system_design", -14, "passed"),
            ("behavioral", -9, "passed"),
        ],
        2,
    ),
    A(
        "Initech Cloud",
        "Cloud infrastructure",
        "Dublin, Ireland",
        "https://initech.example.com",
        "Platform Engineer",
        "senior",
        "Dublin",
        True,
        "€90k-€105k",
        "Company website",
        32,
        "rejected",
        ["Kubernetes", "Go", "AWS"],
        ("Siobhan Kelly", "Recruiter", "siobhan.kelly@initech.example.com"),
        [("phone_screen", -25, "passed"), ("technical", -17, "failed")],
        None,
    ),
    A(
        "Umbrella Health",
        "Healthtech",
        "London, UK",
        "https://umbrella-health.example.com",
        "Backend Engineer (Python)",
        "mid",
        "London",
        True,
        "£70k-£85k",
        "Otta",
        28,
        "interviewing",
        ["Python", "Django"],
        ("James Carter", "Talent Partner", "james.carter@umbrella.example.com"),
        [("phone_screen", 1, "pending")],
        None,
    ),
    A(
        "Stark Mobility",
        "Automotive",
        "Munich, Germany",
        "https://stark-mobility.example.com",
        "Senior Python Developer",
        "senior",
        "Munich",
        False,
        "€80k-€95k",
        "StepStone",
        26,
        "applied",
        ["Python", "AWS"],
        ("Anna Weber", "HR Business Partner", "anna.weber@stark.example.com"),
        [],
        -3,
    ),
    A(
        "Wayne Logistics",
        "Logistics",
        "Rotterdam, Netherlands",
        "https://wayne-logistics.example.com",
        "Tech Lead, Routing",
        "lead",
        "Rotterdam",
        True,
        "€100k-€115k",
        "Referral",
        24,
        "interviewing",
        ["Python", "System design", "Stakeholder management"],
        ("Maarten Jansen", "VP Engineering", "maarten@wayne.example.com"),
        [("phone_screen", -16, "passed"), ("behavioral", -6, "passed"), ("final", 5, "pending")],
        None,
    ),
    A(
        "Acme Robotics",
        "Robotics",
        "Zurich, Switzerland",
        "https://acme-robotics.example.com",
        "Software Engineer, Fleet Services",
        "mid",
        "Zurich",
        False,
        "CHF 120k-140k",
        "LinkedIn",
        22,
        "withdrawn",
        ["Python", "Go"],
        ("Luca Meier", "Recruiter", "luca.meier@acme-robotics.example.com"),
        [("phone_screen", -15, "passed")],
        None,
    ),
    A(
        "Hooli Search",
        "Search",
        "Paris, France",
        "https://hooli.example.com",
        "Senior Software Engineer, Ranking",
        "senior",
        "Paris",
        False,
        "€95k-€115k",
        "Recruiter outreach",
        21,
        "interviewing",
        ["Python", "Machine learning", "System design"],
        ("Camille Martin", "Sourcer", "camille.martin@hooli.example.com"),
        [("phone_screen", -12, "passed"), ("coding", 2, "pending")],
        None,
    ),
    A(
        "Soylent Foods",
        "Food tech",
        "Copenhagen, Denmark",
        "https://soylent-foods.example.com",
        "Full-stack Engineer",
        "mid",
        "Copenhagen",
        True,
        "DKK 600k-700k",
        "Company website",
        20,
        "applied",
        ["TypeScript", "React", "Python"],
        ("Freja Nielsen", "People Lead", "freja@soylent.example.com"),
        [],
        0,
    ),
    A(
        "Cyberdyne Security",
        "Cybersecurity",
        "Tallinn, Estonia",
        "https://cyberdyne.example.com",
        "Security-minded Backend Engineer",
        "senior",
        "Tallinn",
        True,
        "€75k-€90k",
        "Hacker News",
        19,
        "rejected",
        ["Go", "Kubernetes"],
        ("Kristjan Tamm", "CTO", "kristjan@cyberdyne.example.com"),
        [("coding", -10, "failed")],
        None,
    ),
    A(
        "Tyrell Biotech",
        "Biotech",
        "Basel, Switzerland",
        "https://tyrell-bio.example.com",
        "Data Platform Engineer",
        "senior",
        "Basel",
        False,
        "CHF 130k-150k",
        "LinkedIn",
        18,
        "interviewing",
        ["Python", "PostgreSQL", "AWS"],
        ("Nina Keller", "Recruiter", "nina.keller@tyrell.example.com"),
        [("phone_screen", -2, "passed")],
        1,
    ),
    A(
        "Vandelay Industries",
        "Import/export",
        "New York, USA",
        "https://vandelay.example.com",
        "Senior Django Developer",
        "senior",
        "Remote (EU)",
        True,
        "$120k-$140k",
        "We Work Remotely",
        16,
        "screening",
        ["Django", "PostgreSQL"],
        ("Art Vandelay", "Founder", "art@vandelay.example.com"),
        [],
        -1,
    ),
    A(
        "Massive Dynamic",
        "Research",
        "Boston, USA",
        "https://massive-dynamic.example.com",
        "Machine Learning Engineer",
        "mid",
        "Remote",
        True,
        "$130k-$150k",
        "Referral",
        14,
        "interviewing",
        ["Python", "Machine learning"],
        ("Nina Sharp", "Director of Talent", "nina.sharp@massive.example.com"),
        [("phone_screen", -7, "passed"), ("technical", 6, "pending")],
        None,
    ),
    A(
        "Pied Piper",
        "Compression",
        "Palo Alto, USA",
        "https://piedpiper.example.com",
        "Backend Engineer, Storage",
        "mid",
        "Remote (EU)",
        True,
        "$110k-$130k",
        "AngelList",
        13,
        "applied",
        ["Go", "System design"],
        ("Jared Dunn", "Head of Operations", "jared@piedpiper.example.com"),
        [],
        4,
    ),
    A(
        "Oscorp Energy",
        "Energy",
        "Oslo, Norway",
        "https://oscorp-energy.example.com",
        "Senior Software Engineer, Grid",
        "senior",
        "Oslo",
        False,
        "NOK 900k-1.1M",
        "Finn.no",
        12,
        "interviewing",
        ["Python", "Kubernetes"],
        ("Ingrid Berg", "Recruiter", "ingrid.berg@oscorp.example.com"),
        [("phone_screen", 0, "pending")],
        None,
    ),
    A(
        "Gringotts Bank",
        "Banking",
        "Edinburgh, UK",
        "https://gringotts.example.com",
        "Lead Backend Engineer",
        "lead",
        "Edinburgh",
        False,
        "£95k-£110k",
        "LinkedIn",
        10,
        "applied",
        ["Python", "Stakeholder management"],
        ("Fiona Campbell", "Talent Acquisition", "fiona@gringotts.example.com"),
        [],
        2,
    ),
    A(
        "Monsters Inc. Energy",
        "Energy",
        "Lisbon, Portugal",
        "https://monsters-energy.example.com",
        "Software Engineer",
        "mid",
        "Lisbon",
        True,
        "€55k-€65k",
        "Landing.jobs",
        9,
        "rejected",
        ["Python"],
        ("Rita Sousa", "Recruiter", "rita.sousa@monsters.example.com"),
        [],
        None,
    ),
    A(
        "Dunder Mifflin Digital",
        "E-commerce",
        "Warsaw, Poland",
        "https://dunder-digital.example.com",
        "Senior Backend Engineer",
        "senior",
        "Warsaw",
        True,
        "PLN 25k-30k / month",
        "Just Join IT",
        7,
        "applied",
        ["Python", "Django", "AWS"],
        ("Karolina Nowak", "Recruiter", "karolina@dunder.example.com"),
        [],
        5,
    ),
    A(
        "Aperture Labs",
        "Research",
        "Seattle, USA",
        "https://aperture.example.com",
        "Principal Engineer, Test Platform",
        "principal",
        "Remote",
        True,
        "$180k-$210k",
        "Referral",
        5,
        "interviewing",
        ["System design", "Kubernetes", "Go"],
        ("Caroline Glados", "Engineering Director", "caroline@aperture.example.com"),
        [("phone_screen", 4, "pending")],
        None,
    ),
    A(
        "Black Mesa Systems",
        "Defence tech",
        "Vienna, Austria",
        "https://blackmesa.example.com",
        "Senior Engineer, Simulation",
        "senior",
        "Vienna",
        False,
        "€75k-€88k",
        "Karriere.at",
        3,
        "applied",
        ["Python", "PostgreSQL"],
        ("Eli Vance", "Hiring Manager", "eli.vance@blackmesa.example.com"),
        [],
        7,
    ),
]

# The recruiting workspace: the team's openings at their own company.
TEAM_COMPANY = ("Acme", "Software", "Berlin, Germany", "https://acme.example.com")
OPENINGS: list[tuple[str, str, str]] = [
    # title, seniority, location
    ("Senior Backend Engineer", "senior", "Berlin"),
    ("Frontend Engineer", "mid", "Remote (EU)"),
    ("Product Manager, Growth", "senior", "Berlin"),
    ("Data Scientist", "mid", "Hamburg"),
    ("Engineering Manager, Platform", "manager", "Berlin"),
]

INTERVIEWERS: list[tuple[str, str, str]] = [
    # e-mail, first name, last name
    ("maria.schmidt@acme.example.com", "Maria", "Schmidt"),
    ("tom.becker@acme.example.com", "Tom", "Becker"),
    ("aisha.khan@acme.example.com", "Aisha", "Khan"),
]
RECRUITER = ("jonas.weber@acme.example.com", "Jonas", "Weber")

FIRST_NAMES = [
    "Amelia",
    "Ben",
    "Chiara",
    "Daniel",
    "Elif",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jakub",
    "Kira",
    "Lars",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Queenie",
    "Rafael",
    "Sofia",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
    "Arjun",
    "Bea",
    "Carlos",
    "Dana",
]
LAST_NAMES = [
    "Novak",
    "Okafor",
    "Rossi",
    "Kowalski",
    "Yilmaz",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Silva",
    "Horvat",
    "Andersen",
    "Costa",
    "Ivanova",
    "Schulz",
    "Murphy",
    "Garcia",
    "Chen",
    "Dubois",
    "Nakamura",
    "Haddad",
    "Patel",
    "Petrov",
    "Li",
    "Fernandes",
    "Said",
    "Müller",
    "Singh",
    "Baker",
    "Ortega",
    "Kim",
]
SOURCES = ["LinkedIn", "Referral", "Company website", "Job board", "Agency", "Meetup"]
# How far each candidate got, in pipeline order; 30 candidates across every status.
CANDIDATE_STATUSES = (
    ["applied"] * 6
    + ["screening"] * 5
    + ["interviewing"] * 8
    + ["offer"] * 3
    + ["hired"] * 2
    + ["rejected"] * 4
    + ["withdrawn"] * 2
)
FEEDBACK_COMMENTS = [
    "Clear communicator; structured the problem well and tested edge cases unprompted.",
    "Solid fundamentals, a bit slow on the coding part but reasoned carefully.",
    "Strong system design instincts; asked about failure modes before I did.",
    "Good culture add: candid about past mistakes and what they learned.",
    "Struggled with the data-modelling question; would need support early on.",
]
MESSAGES = [
    "Looking forward to our conversation! The video link is in the invite.",
    "Thanks, see you then. Is there anything I should prepare?",
    "Please have a laptop with your preferred editor ready for a short exercise.",
]
