;;; scenarios.el --- Drive Emacs + Eglot through one scenario against the real server  -*- lexical-binding: t; -*-

;; Run with `emacs --batch -l scenarios.el'.  Environment: SNIPPET_LENS_SCENARIO (a name below),
;; SNIPPET_LENS_FILE (the file to edit), SNIPPET_LENS_LINES ("first,last": the lines to select), SNIPPET_LENS_SERVER (the server command, a JSON list),
;; SNIPPET_LENS_RESULT (where the JSON goes), SNIPPET_LENS_WAIT_S (the bound on each wait; the
;; whole run gets three times that), SNIPPET_LENS_LISP (the folder holding snippet-lens.el).
;; tests/editors/test_emacs.py asserts on the JSON.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'package)

(unless (locate-library "eglot")
  (package-initialize))
(require 'eglot)
(add-to-list 'load-path (getenv "SNIPPET_LENS_LISP"))
(require 'snippet-lens)

(defvar scenario-wait-s (string-to-number (or (getenv "SNIPPET_LENS_WAIT_S") "20")))
(defvar scenario-result (list (cons 'scenario (getenv "SNIPPET_LENS_SCENARIO"))
                              (cons 'emacs emacs-version)
                              (cons 'eglot (ignore-errors
                                             (require 'lisp-mnt)
                                             (lm-version (find-library-name "eglot"))))))
(defvar scenario-step "starting")
(defvar scenario-selected (mapcar #'string-to-number (split-string (or (getenv "SNIPPET_LENS_LINES") "1,1") ",")))

(defun scenario-record (key value)
  (setq scenario-result (cons (cons key value) (assq-delete-all key scenario-result))))

(defun scenario-finish (code)
  (with-temp-file (getenv "SNIPPET_LENS_RESULT")
    (insert (let ((json-encoding-pretty-print nil)) (json-encode scenario-result))))
  (kill-emacs code))

;; A hung server or editor still ends the run, with the step it hung in.
(run-at-time (* 3 scenario-wait-s) nil
             (lambda ()
               (scenario-record 'error (format "whole run exceeded %s s (step: %s)"
                                               (* 3 scenario-wait-s) scenario-step))
               (scenario-finish 2)))

(setq jsonrpc-default-request-timeout scenario-wait-s
      snippet-lens-timeout scenario-wait-s
      eglot-connect-timeout scenario-wait-s
      eglot-sync-connect t
      snippet-lens-command (append (json-read-from-string (getenv "SNIPPET_LENS_SERVER")) nil)
      ;; describe every snippet, however unsure the model is: the scenarios test the editing
      snippet-lens-settings '(:maxSnippetLines 200 :minDescriptionConfidence 0))

;; Emacs has no Markdown mode of its own; stand in for markdown-mode when it is not installed.
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"
    (setq-local comment-start "<!-- ")
    (setq-local comment-end " -->")))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))

;; Only Snippet Lens, as for someone without other servers for these modes.
(setq eglot-server-programs nil)
(snippet-lens-register)

(defun scenario-open ()
  "Visit the file and connect Eglot, as `M-x eglot' does."
  (setq scenario-step "connecting")
  (find-file (getenv "SNIPPET_LENS_FILE"))
  (scenario-record 'mode (symbol-name major-mode))
  (apply #'eglot (eglot--guess-contact))
  (unless (snippet-lens--server)
    (error "Eglot did not connect Snippet Lens"))
  (scenario-record 'language-id (eglot--language-id (eglot-current-server))))

(defun scenario-wait-for (what condition)
  (setq scenario-step what)
  (let ((deadline (+ (float-time) scenario-wait-s)))
    (while (and (not (funcall condition)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall condition)
      (error "Timed out after %s s waiting for %s" scenario-wait-s what))))

(defun scenario-lines (first last)
  "The bounds of lines FIRST to LAST (1-based), the last one's newline excluded."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- first))
    (let ((beg (point)))
      (forward-line (- last first))
      (list beg (line-end-position)))))

(defun scenario-selection ()
  (apply #'scenario-lines scenario-selected))

(defun scenario-goto (line column)
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column column))

(defun scenario-text ()
  (buffer-substring-no-properties (point-min) (point-max)))

(defun scenario-hover-selection ()
  (scenario-open)
  (setq scenario-step "hover on the region")
  (scenario-goto (car scenario-selected) 2)
  (scenario-record 'hover (apply #'snippet-lens-hover (scenario-selection))))

(defun scenario-hover-file ()
  "Eglot's own hover, through eldoc, at point."
  (scenario-open)
  (scenario-goto 2 2)
  (let (shown)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq shown (or info ""))))
    (scenario-wait-for "the hover" (lambda () shown))
    (scenario-record 'hover shown)))

(defun scenario-code-action ()
  "M-x eglot-code-actions on the fence line, taking the preferred action as RET would."
  (scenario-open)
  (scenario-goto (car scenario-selected) 1)
  (setq scenario-step "the code action")
  (cl-letf* ((last-nonmenu-event 13)
             ((symbol-function 'completing-read)
              (lambda (_prompt collection &optional _predicate _require _initial _history default &rest _)
                (scenario-record 'offered (mapcar #'car collection))
                default)))
    (eglot-code-actions (line-beginning-position) (line-end-position) nil t))
  (scenario-record 'text (scenario-text)))

(defun scenario-complete (prefix)
  "What `completion-at-point' would offer after ```PREFIX on the first selected line."
  (setq scenario-step (concat "completion after ```" prefix))
  (scenario-goto (car scenario-selected) 0)
  (delete-region (point) (line-end-position))
  (insert "```" prefix)
  (let* ((capf (eglot-completion-at-point))
         (typed (buffer-substring-no-properties (nth 0 capf) (nth 1 capf)))
         (table (nth 2 capf))
         (matches (completion-all-completions typed table nil (length typed)))
         (sort (cdr (assq 'display-sort-function (cdr (completion-metadata typed table nil))))))
    (when (consp matches) (setcdr (last matches) nil))
    (mapcar #'substring-no-properties (if sort (funcall sort matches) matches))))

(defun scenario-completion ()
  (scenario-open)
  (scenario-record 'completion (scenario-complete ""))
  (scenario-record 'completion-typed (scenario-complete "py")))

(defun scenario-describe ()
  (scenario-open)
  (setq scenario-step "describe")
  (apply #'snippet-lens-describe (scenario-selection))
  (scenario-record 'describe (with-current-buffer "*snippet-lens*" (scenario-text))))

(defun scenario-insert-description ()
  (scenario-open)
  (setq scenario-step "insert description")
  (scenario-record 'described (apply #'snippet-lens-analyze (scenario-selection)))
  (condition-case err
      (apply #'snippet-lens-insert-description (scenario-selection))
    (user-error (scenario-record 'messages (list (error-message-string err)))))
  (scenario-record 'text (scenario-text)))

(condition-case err
    (progn
      (funcall (intern (concat "scenario-" (replace-regexp-in-string "_" "-" (getenv "SNIPPET_LENS_SCENARIO")))))
      (when (eglot-current-server)
        (setq scenario-step "shutdown")
        (ignore-errors (eglot-shutdown (eglot-current-server) nil scenario-wait-s)))
      (scenario-finish 0))
  (error (scenario-record 'error (format "%s (step: %s)" (error-message-string err) scenario-step))
         (scenario-finish 2)))

;;; scenarios.el ends here
