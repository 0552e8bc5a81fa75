// The portfolio board: drag a card onto another column to ask the transition service (htmx).
// The server answers with the board as stored, so a refused move "snaps back" with the reason.
(function () {
  "use strict";
  var REASON_NEEDED = { on_hold: "put on hold", cancelled: "cancelled" };

  function cardOf(target) {
    return target && target.closest ? target.closest(".board-card") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = cardOf(event.target);
    if (!card || card.getAttribute("draggable") !== "true") return;
    event.dataTransfer.setData("text/plain", card.dataset.id);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("is-dragging");
  });

  document.addEventListener("dragend", function (event) {
    var card = cardOf(event.target);
    if (card) card.classList.remove("is-dragging");
  });

  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".board__column");
    if (!column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("is-target");
  });

  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".board__column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("is-target");
  });

  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".board__column");
    if (!column) return;
    event.preventDefault();
    column.classList.remove("is-target");
    var card = document.getElementById("card-" + event.dataTransfer.getData("text/plain"));
    if (!card || card.closest(".board__column") === column) return;
    var form = card.querySelector("form.move-form");
    if (!form) return;
    var status = column.dataset.status;
    var select = form.querySelector("select[name=to_status]");
    if (!select.querySelector('option[value="' + status + '"]')) {
      // Not a move the workflow offers: ask anyway, so the server says why not.
      var option = document.createElement("option");
      option.value = status;
      option.textContent = status;
      select.appendChild(option);
    }
    select.value = status;
    var reason = form.querySelector("input[name=reason]");
    if (REASON_NEEDED[status] && !reason.value.trim()) {
      var given = window.prompt("Why is it " + REASON_NEEDED[status] + "?");
      if (given === null) return;
      reason.value = given;
    }
    if (window.htmx) {
      window.htmx.trigger(form, "submit");
    } else {
      form.submit();
    }
  });
})();
