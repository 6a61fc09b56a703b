// "Copy" buttons for the republish box. Without JavaScript the buttons stay
// hidden and the HTML can be selected and copied from the text box by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field || !navigator.clipboard) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 2000);
        },
        function () {
          field.select();
        }
      );
    });
  });
})();
