// The sandbox page: a small Slack client in plain JavaScript. It polls /api/state for what the acting person sees
// and posts what they do to /api/*, which the sandbox turns into Slack's Socket Mode envelopes for the bot.
"use strict";

const EMOJI = {
  star: "⭐", star2: "🌟", trophy: "🏆", tada: "🎉", sparkles: "✨", medal: "🏅", sports_medal: "🏅",
  first_place_medal: "🥇", second_place_medal: "🥈", third_place_medal: "🥉", rocket: "🚀", fire: "🔥",
  chart_with_upwards_trend: "📈", bar_chart: "📊", clap: "👏", raised_hands: "🙌", heart: "❤️", wave: "👋",
  white_check_mark: "✅", warning: "⚠️", lock: "🔒", crown: "👑", muscle: "💪", calendar: "📅", memo: "📝",
  bulb: "💡", speech_balloon: "💬", hourglass: "⏳", x: "❌", arrow_up: "⬆️", arrow_down: "⬇️", wastebasket: "🗑️",
  "+1": "👍", thumbsup: "👍", smile: "😄", eyes: "👀", handshake: "🤝", package: "📦", email: "📧", gift: "🎁",
};

const ui = {
  you: localStorage.getItem("sandbox.you") || "U0AMARA",
  view: localStorage.getItem("sandbox.view") || "C0WINS",
  thread: null,
  version: -1,
  data: null,
  modalKey: null,
  homeKey: null,
  editing: null,
  busy: 0,
};

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const unescapeSlack = (s) => String(s ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const emoji = (s) => s.replace(/:([a-z0-9_+\-]+):/g, (m, name) => EMOJI[name] ?? m);
const person = (id) => ui.data?.people.find((p) => p.id === id);
const nameOf = (id) => id === ui.data?.bot.id ? ui.data.bot.name : (person(id)?.name ?? id);

async function api(path, body) {
  ui.busy++;
  document.body.dataset.busy = String(ui.busy);
  try {
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ as: ui.you, ...body }) });
    if (!response.ok) { showNotice(`The sandbox refused that (${response.status}).`); }
  } catch (e) {
    showNotice("The sandbox is not answering: " + e.message);
  } finally {
    ui.busy--;
    document.body.dataset.busy = String(ui.busy);
    await refresh();
  }
}

function showNotice(text) { $("notice").textContent = text; }

// ---- mrkdwn -----------------------------------------------------------------------------------------------------

function mrkdwn(text) {
  const tokens = [];
  const hold = (html) => { tokens.push(html); return `\u0000${tokens.length - 1}\u0000`; };
  let s = String(text ?? "").replace(/<([^>\n]+)>/g, (m, inner) => {
    const [target, label] = inner.split("|", 2);
    if (target.startsWith("@")) { return hold(`<span class="mention">@${esc(person(target.slice(1))?.name ?? (target.slice(1) === ui.data?.bot.id ? ui.data.bot.name : label ?? target.slice(1)))}</span>`); }
    if (target.startsWith("#")) {
      const channel = ui.data?.channels.find((c) => c.id === target.slice(1));
      return hold(`<span class="channel-link">#${esc(channel?.name ?? label ?? target.slice(1))}</span>`);
    }
    if (target.startsWith("!subteam^")) {
      const group = ui.data?.groups.find((g) => g.id === target.slice(9));
      return hold(`<span class="mention">${esc(label ?? "@" + (group?.handle ?? target.slice(9)))}</span>`);
    }
    if (target.startsWith("!date^")) { return hold(esc(unescapeSlack(label ?? target))); }
    if (target.startsWith("!")) { return hold(`<span class="mention">@${esc(target.slice(1))}</span>`); }
    return hold(`<a href="${esc(unescapeSlack(target))}" target="_blank" rel="noopener">${esc(unescapeSlack(label ?? target))}</a>`);
  });
  s = esc(unescapeSlack(s));
  s = s.replace(/```([\s\S]*?)```/g, (m, code) => hold(`<pre>${code}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (m, code) => hold(`<code>${code}</code>`));
  s = emoji(s);
  s = s.replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])/g, "$1<b>$2</b>");
  s = s.replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])/g, "$1<i>$2</i>");
  s = s.replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,!?:;])/g, "$1<s>$2</s>");
  s = s.split("\n").map((line) => line.startsWith("&gt; ") ? `<blockquote>${line.slice(5)}</blockquote>` : line).join("\n");
  s = s.replace(/\n/g, "<br>").replace(/<\/blockquote><br>/g, "</blockquote>");
  return s.replace(/\u0000(\d+)\u0000/g, (m, i) => tokens[Number(i)]);
}

function textObject(t) {
  if (!t) { return ""; }
  return t.type === "mrkdwn" ? mrkdwn(t.text) : (t.emoji === false ? esc(t.text) : emoji(esc(t.text)));
}

// ---- Block Kit --------------------------------------------------------------------------------------------------

function blocksHtml(blocks, errors) {
  return (blocks ?? []).map((block, i) => blockHtml(block, block.block_id ?? `b${i}`, errors ?? {})).join("");
}

function blockHtml(block, blockId, errors) {
  const attrs = `data-block-id="${esc(blockId)}"`;
  switch (block.type) {
    case "header": return `<div class="block block-header" ${attrs}>${textObject(block.text)}</div>`;
    case "divider": return `<hr class="block block-divider" ${attrs}>`;
    case "section": {
      const fields = block.fields ? `<div class="fields">${block.fields.map((f) => `<div>${textObject(f)}</div>`).join("")}</div>` : "";
      const accessory = block.accessory ? `<div class="accessory">${elementHtml(block.accessory, blockId)}</div>` : "";
      return `<div class="block block-section" ${attrs}><div class="body">${textObject(block.text)}${fields}</div>${accessory}</div>`;
    }
    case "context": return `<div class="block block-context" ${attrs}>${(block.elements ?? []).map((e) => e.type === "image" ? `<img src="${esc(e.image_url)}" alt="${esc(e.alt_text)}">` : `<span>${textObject(e)}</span>`).join("")}</div>`;
    case "actions": return `<div class="block block-actions" ${attrs}>${(block.elements ?? []).map((e) => elementHtml(e, blockId)).join("")}</div>`;
    case "image": return `<div class="block block-image" ${attrs}>${block.title ? `<div>${textObject(block.title)}</div>` : ""}<img src="${esc(block.image_url)}" alt="${esc(block.alt_text)}"></div>`;
    case "input": {
      const optional = block.optional ? ` <span class="optional">(optional)</span>` : "";
      const hint = block.hint ? `<div class="hint">${textObject(block.hint)}</div>` : "";
      const error = errors[blockId] ? `<div class="error" role="alert">${esc(errors[blockId])}</div>` : "";
      const id = `in-${blockId}`;
      return `<div class="block input" ${attrs} data-input="1"><label for="${esc(id)}">${textObject(block.label)}${optional}</label>${elementHtml(block.element, blockId, id)}${hint}${error}</div>`;
    }
    default: return `<div class="block"><em>(unsupported block ${esc(block.type)})</em></div>`;
  }
}

function optionHtml(o, selected) {
  return `<option value="${esc(o.value)}"${selected ? " selected" : ""}>${esc(unescapeSlack(o.text?.text ?? o.value))}</option>`;
}

function elementHtml(e, blockId, id) {
  const data = `data-action-id="${esc(e.action_id ?? "")}" data-block-id="${esc(blockId)}" data-type="${esc(e.type)}"${id ? ` id="${esc(id)}"` : ""}`;
  const placeholder = e.placeholder ? esc(e.placeholder.text) : "";
  switch (e.type) {
    case "button":
      if (e.url) { return `<a class="btn ${esc(e.style ?? "")}" href="${esc(e.url)}" target="_blank" rel="noopener">${textObject(e.text)}</a>`; }
      return `<button type="button" class="btn ${esc(e.style ?? "")}" ${data} data-value="${esc(e.value ?? "")}">${textObject(e.text)}</button>`;
    case "plain_text_input":
      return e.multiline
        ? `<textarea ${data} rows="4" placeholder="${placeholder}"${e.max_length ? ` maxlength="${e.max_length}"` : ""}>${esc(e.initial_value ?? "")}</textarea>`
        : `<input ${data} placeholder="${placeholder}" value="${esc(e.initial_value ?? "")}"${e.max_length ? ` maxlength="${e.max_length}"` : ""}>`;
    case "static_select": {
      const initial = e.initial_option?.value;
      const groups = e.option_groups
        ? e.option_groups.map((g) => `<optgroup label="${esc(g.label?.text)}">${g.options.map((o) => optionHtml(o, o.value === initial)).join("")}</optgroup>`).join("")
        : (e.options ?? []).map((o) => optionHtml(o, o.value === initial)).join("");
      return `<select ${data}><option value="">${placeholder || "Choose…"}</option>${groups}</select>`;
    }
    case "users_select":
      return `<select ${data}><option value="">${placeholder || "Choose a person…"}</option>${ui.data.people.map((p) => `<option value="${p.id}"${p.id === e.initial_user ? " selected" : ""}>${esc(p.name)}</option>`).join("")}</select>`;
    case "multi_users_select":
      return `<select multiple size="5" ${data}>${ui.data.people.map((p) => `<option value="${p.id}"${(e.initial_users ?? []).includes(p.id) ? " selected" : ""}>${esc(p.name)}</option>`).join("")}</select>`;
    case "external_select":
      return `<input ${data} placeholder="${placeholder}" value="${esc(e.initial_option?.value ?? "")}">`;
    case "image": return `<img src="${esc(e.image_url)}" alt="${esc(e.alt_text)}" width="48" height="48">`;
    default: return `<em>(unsupported element ${esc(e.type)})</em>`;
  }
}

function elementValue(el) {
  const type = el.dataset.type;
  switch (type) {
    case "plain_text_input": return { type, value: el.value === "" ? null : el.value };
    case "static_select": case "external_select": {
      if (!el.value) { return { type, selected_option: null }; }
      const option = el.selectedOptions?.[0];
      return { type, selected_option: { text: { type: "plain_text", text: option ? option.textContent : el.value, emoji: true }, value: el.value } };
    }
    case "users_select": return { type, selected_user: el.value || null };
    case "multi_users_select": return { type, selected_users: [...el.selectedOptions].map((o) => o.value) };
    default: return { type };
  }
}

function collectState(root) {
  const values = {};
  root.querySelectorAll("[data-action-id]").forEach((el) => {
    if (el.dataset.type === "button") { return; }
    const block = el.dataset.blockId;
    values[block] = values[block] ?? {};
    values[block][el.dataset.actionId] = elementValue(el);
  });
  return values;
}

function actionPayload(el) {
  const base = { action_id: el.dataset.actionId, block_id: el.dataset.blockId, type: el.dataset.type };
  if (el.dataset.type === "button") { return { ...base, value: el.dataset.value, text: { type: "plain_text", text: el.textContent, emoji: true } }; }
  return { ...base, ...elementValue(el) };
}

function wireActions(root, source, message) {
  root.querySelectorAll("button[data-action-id]").forEach((el) => el.addEventListener("click", () =>
    api("/api/action", { source, channel: message?.channel, ts: message?.ts, action: actionPayload(el), state: collectState(root) })));
  if (source !== "modal") {
    root.querySelectorAll("select[data-action-id]").forEach((el) => el.addEventListener("change", () =>
      api("/api/action", { source, channel: message?.channel, ts: message?.ts, action: actionPayload(el), state: collectState(root) })));
  }
}

// ---- Rendering --------------------------------------------------------------------------------------------------

function timeOf(ts) {
  const tz = person(ui.you)?.tz;
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone: tz }).format(new Date(Number(ts) * 1000));
}

function messageHtml(m, inThread) {
  const mine = m.user === ui.you;
  const bot = m.user === ui.data.bot.id;
  const body = m.tombstone ? `<em>${esc(m.text)}</em>` : (m.blocks?.length ? blocksHtml(m.blocks) : mrkdwn(m.text));
  const file = m.file ? `<div class="file">📄 <a href="/api/files/${esc(m.file.id)}" download="${esc(m.file.name)}">${esc(m.file.name)}</a></div>` : "";
  const reactions = m.reactions.length ? `<div class="reactions">${m.reactions.map((r) => `<button type="button" class="reaction${r.users.includes(ui.you) ? " mine" : ""}" data-react="${esc(r.name)}" title="${esc(r.users.map(nameOf).join(", "))}">${emoji(":" + r.name + ":")} ${r.users.length}</button>`).join("")}</div>` : "";
  const replies = !inThread && !m.thread_ts_is_reply ? ui.data.messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts && r.channel === m.channel && !r.ephemeral) : [];
  const repliesHtml = replies.length ? `<button type="button" class="replies" data-open-thread="${esc(m.ts)}">${replies.length} ${replies.length === 1 ? "reply" : "replies"}</button>` : "";
  const tools = m.ephemeral || m.tombstone ? "" : `<div class="tools">
      <button type="button" data-react="star" title="React with :star:">⭐</button>
      ${inThread ? "" : `<button type="button" data-open-thread="${esc(m.ts)}" title="Reply in thread">💬</button>`}
      ${mine ? `<button type="button" data-edit title="Edit message">✏️</button><button type="button" data-delete title="Delete message">🗑️</button>` : ""}
    </div>`;
  const editing = ui.editing === m.ts;
  const content = editing
    ? `<form class="edit-form"><textarea class="edit-text" rows="2">${esc(unescapeSlack(plainForEdit(m.text)))}</textarea><button type="submit" class="btn primary">Save</button> <button type="button" class="btn" data-cancel-edit>Cancel</button></form>`
    : `<div class="content">${body}${m.edited && !bot ? ` <span class="edited">(edited)</span>` : ""}</div>`;
  return `<div class="msg${m.ephemeral ? " ephemeral" : ""}" data-ts="${esc(m.ts)}" data-channel="${esc(m.channel)}">
    <div class="meta"><span class="author">${esc(nameOf(m.user))}</span>${bot ? `<span class="app">APP</span>` : ""}${timeOf(m.ts)}
      ${m.ephemeral ? `<span class="only-you">Only visible to you</span>` : ""}</div>
    ${content}${file}${reactions}${repliesHtml}${tools}</div>`;
}

function plainForEdit(text) {
  return String(text).replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, (m, id) => "@" + (person(id)?.handle ?? id))
    .replace(/<!subteam\^[A-Z0-9]+\|(@[^>]+)>/g, "$1").replace(/<#[A-Z0-9]+\|([^>]+)>/g, "#$1").replace(/<!(here|channel|everyone)>/g, "@$1");
}

function wireMessages(root) {
  root.querySelectorAll(".msg").forEach((el) => {
    const message = ui.data.messages.find((m) => m.ts === el.dataset.ts && m.channel === el.dataset.channel);
    if (!message) { return; }
    el.querySelectorAll("[data-react]").forEach((b) => b.addEventListener("click", () => api("/api/react", { channel: message.channel, ts: message.ts, name: b.dataset.react })));
    el.querySelectorAll("[data-open-thread]").forEach((b) => b.addEventListener("click", () => { ui.thread = message.ts; render(); }));
    el.querySelector("[data-edit]")?.addEventListener("click", () => { ui.editing = message.ts; render(); el.ownerDocument.querySelector(".edit-text")?.focus(); });
    el.querySelector("[data-delete]")?.addEventListener("click", () => { if (confirm("Delete this message?")) { api("/api/delete", { channel: message.channel, ts: message.ts }); } });
    el.querySelector("[data-cancel-edit]")?.addEventListener("click", () => { ui.editing = null; render(); });
    el.querySelector(".edit-form")?.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const text = el.querySelector(".edit-text").value;
      ui.editing = null;
      api("/api/edit", { channel: message.channel, ts: message.ts, text });
    });
    if (message.user === ui.data.bot.id) { wireActions(el, "message", message); }
  });
}

function currentChannel() { return ui.view === "dm" ? ui.data.dm : ui.view; }

function render() {
  const data = ui.data;
  if (!data) { return; }
  const you = $("you");
  if (you.options.length !== data.people.length) {
    you.innerHTML = data.people.map((p) => `<option value="${p.id}">${esc(p.name)} (${esc(p.title)})</option>`).join("");
  }
  you.value = ui.you;
  const me = person(ui.you);
  $("who").textContent = [me?.roles, me?.tz].filter(Boolean).join(" · ");
  $("clock").textContent = "🕒 " + data.now;
  const actions = $("time-actions");
  if (!actions.childElementCount) {
    actions.innerHTML = data.timeActions.map((a) => `<button type="button" data-time="${esc(a.action)}">${esc(a.label)}</button>`).join("");
    actions.querySelectorAll("button").forEach((b) => b.addEventListener("click", () => api("/api/time", { action: b.dataset.time })));
  }
  $("notice").textContent = data.notices.at(-1) ?? "";

  const link = (view, label) => `<a data-view="${esc(view)}" class="${ui.view === view ? "active" : ""}">${label}</a>`;
  $("sidebar").innerHTML = `<h3>Apps</h3>${link("home", "🏠 Customer Champions — Home")}${link("dm", "💬 Customer Champions — Messages")}
    <h3>Channels</h3>${data.channels.map((c) => link(c.id, "# " + esc(c.name))).join("")}`;
  $("sidebar").querySelectorAll("a").forEach((a) => a.addEventListener("click", () => selectView(a.dataset.view)));

  const main = $("messages");
  if (ui.view === "home") {
    $("conversation-header").innerHTML = `Customer Champions <small>Home</small>`;
    const key = JSON.stringify(data.home);
    if (key !== ui.homeKey) {
      ui.homeKey = key;
      main.innerHTML = data.home ? `<div id="home">${blocksHtml(data.home.blocks)}</div>` : `<p style="padding:16px">Opening the App Home…</p>`;
      wireActions(main, "home", null);
    }
    $("composer").hidden = true;
  } else {
    ui.homeKey = null;
    $("composer").hidden = false;
    const channel = data.channels.find((c) => c.id === ui.view);
    $("conversation-header").innerHTML = channel ? `# ${esc(channel.name)} <small>${esc(channel.purpose)}</small>` : `Customer Champions <small>Direct messages with the app</small>`;
    const inChannel = data.messages.filter((m) => m.channel === currentChannel() && (!m.thread_ts || m.thread_ts === m.ts));
    const atBottom = main.scrollHeight - main.scrollTop - main.clientHeight < 40;
    const focused = document.activeElement?.closest?.("#messages") ? document.activeElement : null;
    if (!focused || ui.editing === null) {
      main.innerHTML = inChannel.map((m) => messageHtml(m, false)).join("") || `<p style="padding:16px;color:#616061">No messages yet.</p>`;
      wireMessages(main);
      if (atBottom) { main.scrollTop = main.scrollHeight; }
    }
  }

  const thread = $("thread");
  const parent = ui.thread && data.messages.find((m) => m.ts === ui.thread && m.channel === currentChannel());
  thread.hidden = !parent;
  if (parent) {
    const replies = data.messages.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts && m.channel === parent.channel);
    $("thread-messages").innerHTML = messageHtml(parent, true) + replies.map((m) => messageHtml(m, true)).join("");
    wireMessages($("thread-messages"));
  }

  renderModal(data.modal);
}

function renderModal(modal) {
  const backdrop = $("modal-backdrop");
  const key = modal ? JSON.stringify([modal.id, modal.hash, modal.blocks, modal.errors, modal.title]) : null;
  if (key === ui.modalKey) { return; }
  ui.modalKey = key;
  backdrop.hidden = !modal;
  if (!modal) { $("modal").innerHTML = ""; return; }
  const box = $("modal");
  box.innerHTML = `<div class="modal-title">${textObject(modal.title)}</div>
    <form class="modal-body" id="modal-form">${blocksHtml(modal.blocks, modal.errors)}</form>
    <div class="modal-footer"><button type="button" class="btn" id="modal-close">${textObject(modal.close ?? { type: "plain_text", text: "Cancel" })}</button>
    ${modal.submit ? `<button type="button" class="btn primary" id="modal-submit">${textObject(modal.submit)}</button>` : ""}</div>`;
  wireActions(box, "modal", null);
  $("modal-close").addEventListener("click", () => api("/api/close", {}));
  $("modal-submit")?.addEventListener("click", () => api("/api/submit", { state: collectState($("modal-form")) }));
  box.querySelector("input, textarea, select")?.focus();
}

function selectView(view) {
  ui.view = view;
  ui.thread = null;
  ui.editing = null;
  localStorage.setItem("sandbox.view", view);
  render();
  if (view === "home") { api("/api/home", {}); }
}

// ---- Composer ---------------------------------------------------------------------------------------------------

function send(text, threadTs) {
  const trimmed = text.trim();
  if (!trimmed) { return; }
  const command = !threadTs && /^\/[a-z]+/.exec(trimmed);
  if (command) {
    api("/api/command", { channel: currentChannel(), command: command[0], text: trimmed.slice(command[0].length).trim() });
  } else {
    api("/api/message", { channel: currentChannel(), text: trimmed, thread_ts: threadTs ?? null });
  }
}

function mentionSuggestions(textarea) {
  const box = $("suggestions");
  const before = textarea.value.slice(0, textarea.selectionStart);
  const match = /(^|\s)@([\w.\-]*)$/.exec(before);
  if (!match || !ui.data) { box.innerHTML = ""; return; }
  const typed = match[2].toLowerCase();
  const options = [
    ...ui.data.people.filter((p) => p.handle.startsWith(typed) || p.name.toLowerCase().includes(typed)).map((p) => ({ handle: p.handle, label: `${p.name} <small>@${p.handle}</small>` })),
    ...ui.data.groups.filter((g) => g.handle.startsWith(typed)).map((g) => ({ handle: g.handle, label: `@${g.handle} <small>group</small>` })),
  ].slice(0, 8);
  box.innerHTML = options.map((o, i) => `<div role="option" data-handle="${esc(o.handle)}" class="${i === 0 ? "active" : ""}">${o.label}</div>`).join("");
  box.querySelectorAll("div").forEach((d) => d.addEventListener("mousedown", (ev) => { ev.preventDefault(); insertMention(textarea, d.dataset.handle); }));
}

function insertMention(textarea, handle) {
  const before = textarea.value.slice(0, textarea.selectionStart).replace(/@([\w.\-]*)$/, "@" + handle + " ");
  textarea.value = before + textarea.value.slice(textarea.selectionStart);
  textarea.selectionStart = textarea.selectionEnd = before.length;
  $("suggestions").innerHTML = "";
  textarea.focus();
}

function wireComposer(form, textarea, threadTs) {
  form.addEventListener("submit", (ev) => { ev.preventDefault(); send(textarea.value, threadTs()); textarea.value = ""; $("suggestions").innerHTML = ""; });
  textarea.addEventListener("keydown", (ev) => {
    const active = $("suggestions").querySelector(".active");
    if (active && form.id === "composer" && (ev.key === "Tab" || ev.key === "Enter")) { ev.preventDefault(); insertMention(textarea, active.dataset.handle); return; }
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  if (form.id === "composer") { textarea.addEventListener("input", () => mentionSuggestions(textarea)); }
}

// ---- Start ------------------------------------------------------------------------------------------------------

async function refresh() {
  try {
    const response = await fetch(`/api/state?as=${encodeURIComponent(ui.you)}&since=${ui.version}`);
    const state = await response.json();
    if (state.unchanged) { $("clock").textContent = "🕒 " + state.now; return; }
    ui.version = state.version;
    ui.data = state;
    render();
  } catch (e) {
    showNotice("The sandbox is not answering: " + e.message);
  }
}

$("you").addEventListener("change", (ev) => {
  ui.you = ev.target.value;
  localStorage.setItem("sandbox.you", ui.you);
  ui.version = -1;
  ui.modalKey = null;
  ui.homeKey = null;
  refresh().then(() => { if (ui.view === "home") { api("/api/home", {}); } });
});
$("close-thread").addEventListener("click", () => { ui.thread = null; render(); });
wireComposer($("composer"), $("compose-text"), () => null);
wireComposer($("thread-composer"), $("thread-text"), () => ui.thread);
refresh().then(() => { if (ui.view === "home") { api("/api/home", {}); } });
setInterval(refresh, 700);
