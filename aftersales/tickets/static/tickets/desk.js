/* The desk (issue 10): "/" focuses the queue's search; the queue and a request page update without a reload
   (a cheap poll of tickets:changes); a new class-1 request is shown and heard (a local sound, enabled by the
   first click or key press on the page, as browsers require); bulk selection; saved filters keep the filters. */
(function () {
  "use strict";
  if (window.deskLoaded) return;  // a page part swapped in by htmx brings the script again: run it once
  window.deskLoaded = true;

  var live = document.getElementById("desk-live");
  var form = document.getElementById("queue-filters");

  // ---- keyboard: "/" focuses the search box (not while typing in a field)
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable)) return;
    var box = document.getElementById("id_q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // ---- the customer lookup: arrows move through the results, Enter picks, Escape goes back to typing
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (!t || !t.closest) return;
    var options = Array.prototype.slice.call(document.querySelectorAll("#customer-results .customer-option"));
    if (!options.length) return;
    var index = options.indexOf(t);
    if (t.id === "customer-query" && event.key === "ArrowDown") {
      event.preventDefault();
      options[0].focus();
    } else if (index >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      var next = index + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) { document.getElementById("customer-query").focus(); } else { options[Math.min(next, options.length - 1)].focus(); }
    } else if (index >= 0 && event.key === "Escape") {
      document.getElementById("customer-query").focus();
    }
  });

  // ---- the caller from the customer's contacts fills name and phone
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".contact-choice") : null;
    if (!button) return;
    var name = document.getElementById("id_contact_name");
    var phone = document.getElementById("id_contact_phone");
    if (name) name.value = button.dataset.name || "";
    if (phone) phone.value = button.dataset.phone || "";
    document.querySelectorAll(".contact-choice").forEach(function (b) { b.classList.remove("active"); });
    button.classList.add("active");
  });

  // a customer just picked (or given in the address): its primary (first) contact becomes the caller unless
  // one was typed already
  function callerFromContacts() {
    var name = document.getElementById("id_contact_name");
    var first = document.querySelector(".contact-choice");
    if (first && name && !name.value) first.click();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "customer-picker") callerFromContacts();
  });
  callerFromContacts();

  // ---- bulk selection
  var all = document.getElementById("bulk-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(".bulk-pick").forEach(function (box) { box.checked = all.checked; });
    });
  }

  function filterQuery() {
    if (!form) return "";
    var params = new URLSearchParams(new FormData(form));
    params.delete("cursor");
    var keep = new URLSearchParams();
    params.forEach(function (value, key) { if (value !== "") keep.append(key, value); });
    if (!params.has("status")) keep.append("status", "");
    return keep.toString();
  }

  // ---- saved filters and bulk keep the filters shown
  function syncQuery() {
    var q = filterQuery();
    var saved = document.getElementById("save-filter-query");
    if (saved) saved.value = q;
    var back = document.querySelector("#bulk-form input[name=back]");
    if (back) back.value = q;
  }
  if (form) {
    form.addEventListener("change", syncQuery);
    form.addEventListener("input", syncQuery);
  }

  // ---- sound: unlocked by the first gesture on the page
  var audio = null;
  var unlocked = false;
  var toggle = document.getElementById("sound-toggle");
  function unlock() {
    if (unlocked || !live) return;
    audio = audio || new Audio(live.dataset.sound);
    audio.muted = true;
    var p = audio.play();
    var done = function () {
      audio.pause();
      audio.currentTime = 0;
      audio.muted = false;
      unlocked = true;
      if (toggle) toggle.hidden = true;
    };
    if (p && p.then) { p.then(done).catch(function () { if (toggle) toggle.hidden = false; }); } else { done(); }
  }
  if (live) {
    if (toggle) toggle.hidden = false;
    if (toggle) toggle.addEventListener("click", unlock);
    document.addEventListener("pointerdown", unlock, {once: true});
    document.addEventListener("keydown", unlock, {once: true});
  }
  // every chime started is counted on #desk-live (data-chimes), which the browser tests read
  function chimed() { live.dataset.chimes = String(parseInt(live.dataset.chimes || "0", 10) + 1); }
  function chime() {
    if (!audio || !unlocked) { if (toggle) toggle.hidden = false; return; }
    audio.currentTime = 0;
    var p = audio.play();
    if (p && p.then) { p.then(chimed).catch(function () { if (toggle) toggle.hidden = false; }); } else { chimed(); }
  }

  function announce(items) {
    var box = document.getElementById("live-alerts");
    if (!box || !items.length) return;
    var added = 0;
    items.forEach(function (item) {
      if (box.querySelector('[data-critical="' + item.id + '"]')) return;
      added += 1;
      var div = document.createElement("div");
      div.className = "alert alert-danger py-2 mb-1 d-flex flex-wrap gap-2 align-items-center";
      div.setAttribute("role", "alert");
      div.dataset.critical = item.id;
      var label = document.createElement("strong");
      label.textContent = live.dataset.newText;
      var link = document.createElement("a");
      link.href = item.url;
      link.className = "alert-link";
      link.textContent = item.number + " " + item.title;
      var who = document.createElement("span");
      who.textContent = item.customer;
      div.appendChild(label); div.appendChild(link); div.appendChild(who);
      box.prepend(div);
    });
    if (added) chime();  // once per new class-1 request, not again for one already shown
  }

  // ---- live updates
  function mark() { return document.getElementById("ticket-live"); }
  var source = live || mark();
  if (!source) return;
  var stamp = source.dataset.stamp || "";
  // the interval is settings.AFTERSALES_LIVE_POLL_SECONDS (10 s by default; the browser tests set it short)
  var seconds = Math.max(0.2, parseFloat(source.dataset.poll || "10") || 10);
  var changesUrl = source.dataset.changesUrl;

  function busy() {
    var active = document.activeElement;
    if (document.querySelector(".bulk-pick:checked")) return true;
    if (document.getElementById("queue-more") && document.querySelectorAll(".queue-row").length > 50) return true;
    return active && active.closest && active.closest("form") && active.tagName.toLowerCase() === "textarea";
  }

  function refreshQueue() {
    if (!form || !live || !window.htmx || busy()) return;
    window.htmx.ajax("GET", live.dataset.rowsUrl + "?" + filterQuery(), {target: "#queue-body", swap: "innerHTML"});
  }

  function refreshTicket(version) {
    var ticketMark = mark();
    if (!ticketMark || !window.htmx) return;
    if (String(version) === ticketMark.dataset.version) return;
    var typing = document.activeElement && /^(input|textarea|select)$/i.test(document.activeElement.tagName);
    if (typing) {
      var note = document.getElementById("ticket-live-note");
      if (note) note.hidden = false;
      return;
    }
    window.htmx.ajax("GET", window.location.pathname, {target: "main", select: "main", swap: "outerHTML"});
  }

  var inFlight = false;  // one poll at a time: a slow answer is not overtaken by the next poll with the same stamp
  function poll() {
    if (document.hidden || inFlight) return;
    inFlight = true;
    var ticketMark = mark();
    var url = changesUrl + "?since=" + encodeURIComponent(stamp);
    if (ticketMark) url += "&ticket=" + encodeURIComponent(ticketMark.dataset.ticket);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.changed) {
          if (live) refreshQueue();
          if (data.critical && data.critical.length) announce(data.critical);
        }
        if (ticketMark && data.version !== undefined && data.version !== null) refreshTicket(data.version);
        stamp = data.stamp;
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { inFlight = false; });
  }
  window.setInterval(poll, seconds * 1000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
})();
