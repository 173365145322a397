// The assistant's chat: POSTs the question with fetch and renders the Server-Sent Events of
// the answer as they arrive. Everything the server or the model sends is inserted as text
// (textContent / text nodes), never as HTML.
(() => {
  const form = document.getElementById("chat-form");
  if (!form) return;
  const log = document.getElementById("chat-log");
  const questionField = document.getElementById("chat-question");
  const contextField = document.getElementById("chat-context");
  const agentField = document.getElementById("chat-agent");
  const conversationField = document.getElementById("chat-conversation");
  const sendButton = document.getElementById("chat-send");
  const stopButton = document.getElementById("chat-stop");
  const errorBox = document.getElementById("chat-error");
  const template = document.getElementById("turn-template");
  const agentNames = JSON.parse(document.getElementById("agent-names").textContent);
  let controller = null;

  const csrfToken = () => form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function setBusy(busy) {
    sendButton.disabled = busy;
    sendButton.setAttribute("aria-busy", busy ? "true" : "false");
    stopButton.disabled = !busy;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function newTurn(question) {
    document.getElementById("chat-empty")?.remove();
    const node = template.content.firstElementChild.cloneNode(true);
    node.querySelector(".turn-question strong").textContent = question;
    log.appendChild(node);
    node.scrollIntoView({ block: "nearest" });
    return {
      node,
      agent: node.querySelector(".turn-agent"),
      status: node.querySelector(".turn-status"),
      answer: node.querySelector(".turn-answer"),
      error: node.querySelector(".turn-error"),
      chips: node.querySelector(".chips"),
    };
  }

  function setStatus(turn, text) {
    turn.status.firstElementChild.textContent = text;
    turn.status.hidden = !text;
  }

  function fail(turn, message) {
    turn.node.classList.add("turn-failed");
    turn.error.textContent = message;
    turn.error.hidden = false;
    setStatus(turn, "");
  }

  function handle(event, turn) {
    const data = event.data;
    switch (event.event_type) {
      case "routing": {
        turn.agent.querySelector(".badge").textContent = agentNames[data.selected_agent] || data.selected_agent;
        const confidence = Math.round(data.confidence * 100);
        turn.agent.querySelector(".turn-reason").textContent =
          `${data.reasoning} (confidence ${confidence}%)` + (data.fallback ? ` ${data.fallback}` : "");
        turn.agent.hidden = false;
        break;
      }
      case "processing":
        setStatus(turn, "Answering…");
        break;
      case "content":
        if (data.chunk) turn.answer.appendChild(document.createTextNode(data.chunk));
        if (data.is_final) setStatus(turn, "");
        break;
      case "follow_ups":
        turn.chips.replaceChildren(
          ...data.questions.map((text) => {
            const chip = document.createElement("button");
            chip.type = "button";
            chip.className = "chip";
            chip.textContent = text;
            chip.addEventListener("click", () => {
              questionField.value = text;
              form.requestSubmit();
            });
            return chip;
          }),
        );
        turn.chips.hidden = data.questions.length === 0;
        break;
      case "complete":
        conversationField.value = data.conversation;
        history.replaceState(null, "", `?conversation=${encodeURIComponent(data.conversation)}`);
        setStatus(turn, "");
        break;
      case "error":
        fail(turn, data.message);
        break;
    }
  }

  async function readStream(response, turn) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of block.split("\n")) {
          // Lines starting with ":" are heartbeats.
          if (line.startsWith("data: ")) handle(JSON.parse(line.slice(6)), turn);
        }
      }
    }
  }

  function errorMessage(body, status) {
    const error = body && body.error;
    if (!error) return `The assistant could not answer (HTTP ${status}).`;
    const fields = Object.values(error.field_errors || {});
    return fields.length ? `${error.message} ${fields.join(" ")}` : error.message;
  }

  async function ask(question) {
    showError("");
    const turn = newTurn(question);
    const body = { question, context: contextField.value };
    if (agentField.value) body.agent = agentField.value;
    if (conversationField.value) body.conversation = conversationField.value;
    controller = new AbortController();
    setBusy(true);
    try {
      const response = await fetch(form.dataset.streamUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) {
        const payload = await response.json().catch(() => null);
        fail(turn, errorMessage(payload, response.status));
        return;
      }
      questionField.value = "";
      await readStream(response, turn);
    } catch (error) {
      if (error.name === "AbortError") {
        setStatus(turn, "Stopped.");
      } else {
        fail(turn, "The connection to the assistant was lost. Please try again.");
      }
    } finally {
      controller = null;
      setBusy(false);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = questionField.value.trim();
    if (!question) {
      showError("Type a question first.");
      questionField.focus();
      return;
    }
    if (!controller) ask(question);
  });

  stopButton.addEventListener("click", () => controller?.abort());

  questionField.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
})();
