// tdkt — progressive enhancements only: every task works without this file.
// Served from the binary with the CSP script-src 'self'; no inline script.
(function () {
	'use strict';

	function pad(s) {
		return s.length === 1 ? '0' + s : s;
	}

	// Date fields are typed as dd/mm/yyyy and parsed strictly by the server.
	// Where the browser has a calendar (input type=date with showPicker), a
	// "Chọn ngày" button opens it and writes the picked day as dd/mm/yyyy.
	function enhanceDate(input) {
		var picker = document.createElement('input');
		picker.type = 'date';
		if (picker.type !== 'date' || typeof picker.showPicker !== 'function') {
			return;
		}
		picker.className = 'date-picker';
		picker.tabIndex = -1;
		picker.setAttribute('aria-hidden', 'true');
		var label = document.querySelector('label[for="' + input.id + '"]');
		var button = document.createElement('button');
		button.type = 'button';
		button.className = 'button button-secondary date-button';
		button.textContent = 'Chọn ngày';
		if (label) {
			button.setAttribute('aria-label', 'Chọn ngày trên lịch: ' + label.textContent.trim());
		}
		button.addEventListener('click', function () {
			var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(input.value.trim());
			picker.value = m ? m[3] + '-' + pad(m[2]) + '-' + pad(m[1]) : '';
			try {
				picker.showPicker();
			} catch (e) {
				input.focus();
			}
		});
		picker.addEventListener('change', function () {
			var p = picker.value.split('-');
			if (p.length === 3) {
				input.value = p[2] + '/' + p[1] + '/' + p[0];
				input.dispatchEvent(new Event('change', { bubbles: true }));
				input.focus();
			}
		});
		var wrap = document.createElement('div');
		wrap.className = 'date-wrap';
		input.parentNode.insertBefore(wrap, input);
		wrap.appendChild(input);
		wrap.appendChild(button);
		wrap.appendChild(picker);
	}

	var dates = document.querySelectorAll('input[data-date]');
	for (var i = 0; i < dates.length; i++) {
		enhanceDate(dates[i]);
	}

	// Print buttons (data-print): shown only when scripts run.
	var prints = document.querySelectorAll('[data-print]');
	for (var j = 0; j < prints.length; j++) {
		prints[j].hidden = false;
		prints[j].addEventListener('click', function () {
			window.print();
		});
	}
})();
