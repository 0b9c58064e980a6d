;;; snippet-lens.el --- Which language is the selected code in? On-device, through Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools
;; URL: https://github.com/snippet-lens/snippet-lens

;;; Commentary:

;; Registers the `snippet-lens' language server with Eglot and adds three commands:
;;
;;   M-x snippet-lens-describe            the enrichment of the region (or buffer) in a window
;;   M-x snippet-lens-insert-description  the description of the region as a comment above it
;;   M-x snippet-lens-hover               hover on the region (Eglot's hover only sees point)
;;
;; Markdown modes are registered ahead of other servers; `prog-mode' and friends after them, so a
;; server already configured for a language keeps that language (Eglot runs one server per
;; buffer).  Where another server manages the buffer, `snippet-lens-describe' runs
;; `snippet-lens analyze' on the region instead.
;;
;;   (require 'snippet-lens)
;;   (add-hook 'markdown-mode-hook #'eglot-ensure)
;;
;; Settings: `snippet-lens-settings' (sent as initializationOptions) or, per project, the
;; `:snippetLens' section of `eglot-workspace-configuration'.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)
(require 'json)
(require 'seq)
(require 'subr-x)

(defgroup snippet-lens nil
  "Which language the selected code is in, from an on-device language server."
  :group 'eglot
  :prefix "snippet-lens-")

(defcustom snippet-lens-command '("snippet-lens")
  "The command that runs the server, as a list: program and arguments.
The same command followed by \"analyze -\" describes a region when
another server manages the buffer."
  :type '(repeat string))

(defcustom snippet-lens-settings nil
  "The `snippetLens' settings, a plist with the README's camelCase keys.
For example (:unknownThreshold 0.6 :enableDiagnostics :json-false).
Sent as initializationOptions when the server starts."
  :type '(plist :key-type symbol :value-type sexp))

(defcustom snippet-lens-markdown-modes '(markdown-mode gfm-mode markdown-ts-mode)
  "Major modes the server manages ahead of other servers.
Its languageId for them is \"markdown\"."
  :type '(repeat symbol))

(defcustom snippet-lens-other-modes '(prog-mode text-mode conf-mode)
  "Major modes (and their derived modes) the server manages.
Only where no other server in `eglot-server-programs' claims them."
  :type '(repeat symbol))

(defcustom snippet-lens-timeout 30
  "Seconds to wait for the server's answer to a command."
  :type 'number)

(defconst snippet-lens--describe-command "snippetLens.describe")

(defun snippet-lens--contact (&optional _interactive _project)
  "The Eglot contact for the server, with the current `snippet-lens-settings'."
  `(,@snippet-lens-command
    :initializationOptions (:snippetLens ,(or snippet-lens-settings (make-hash-table)))))

(defun snippet-lens--ours-p (entry)
  (eq (cdr-safe entry) #'snippet-lens--contact))

;;;###autoload
(defun snippet-lens-register ()
  "Add the server to `eglot-server-programs'.
Run it again after changing the mode options."
  (interactive)
  (setq eglot-server-programs (cl-remove-if #'snippet-lens--ours-p eglot-server-programs))
  (let ((markdown (mapcar (lambda (mode) (list mode :language-id "markdown")) snippet-lens-markdown-modes)))
    (push (cons markdown #'snippet-lens--contact) eglot-server-programs))
  (when snippet-lens-other-modes
    (setq eglot-server-programs
          (append eglot-server-programs (list (cons snippet-lens-other-modes #'snippet-lens--contact))))))

(defun snippet-lens--server ()
  "The Eglot server of this buffer when it is Snippet Lens, else nil."
  (when-let ((server (eglot-current-server)))
    (let* ((provider (plist-get (eglot--capabilities server) :executeCommandProvider))
           (commands (plist-get provider :commands)))
      (and (seq-contains-p commands snippet-lens--describe-command #'equal) server))))

(defun snippet-lens--region ()
  "The region's bounds when it is active, else nil (meaning the whole buffer)."
  (when (use-region-p) (list (region-beginning) (region-end))))

(defun snippet-lens--range (beg end)
  (list :start (eglot--pos-to-lsp-position beg) :end (eglot--pos-to-lsp-position end)))

(defun snippet-lens--request (server method params)
  (eglot--signal-textDocument/didChange)
  (jsonrpc-request server method params :timeout snippet-lens-timeout))

(defun snippet-lens--describe-with-server (server beg end)
  (let ((arguments `(:uri ,(plist-get (eglot--TextDocumentIdentifier) :uri)
                     ,@(when beg `(:range ,(snippet-lens--range beg end))))))
    (snippet-lens--request server :workspace/executeCommand
                           `(:command ,snippet-lens--describe-command :arguments [,arguments]))))

(defun snippet-lens--describe-with-cli (beg end)
  "Run `snippet-lens analyze -' on the text between BEG and END.
Returns its JSON as a plist."
  (let ((text (buffer-substring-no-properties (or beg (point-min)) (or end (point-max)))))
    (with-temp-buffer
      (let ((status (apply #'call-process-region text nil (car snippet-lens-command) nil
                           (list t nil) nil (append (cdr snippet-lens-command) '("analyze" "-")))))
        (unless (eql status 0)
          (user-error "Snippet Lens: `%s analyze' failed (%s)"
                      (string-join snippet-lens-command " ") status))
        (goto-char (point-min))
        (let ((json-object-type 'plist) (json-array-type 'vector) (json-false :json-false))
          (json-read))))))

(defun snippet-lens-analyze (&optional beg end)
  "The server's JSON for the text between BEG and END, as a plist.
Without BEG and END: the whole buffer."
  (let ((result (if-let ((server (snippet-lens--server)))
                    (snippet-lens--describe-with-server server beg end)
                  (snippet-lens--describe-with-cli beg end))))
    (unless result
      (user-error "Snippet Lens: the server has not opened this buffer"))
    result))

;;;###autoload
(defun snippet-lens-describe (&optional beg end)
  "Show what Snippet Lens makes of the region between BEG and END.
Without a region: the whole buffer.  With the server: its hover
for the region, as every editor shows it; without one: the JSON of
`snippet-lens analyze'.  Returns the text shown."
  (interactive (snippet-lens--region))
  (let ((text (if (snippet-lens--server)
                  (snippet-lens--hover-text (or beg (point-min)) (or end (point-max)))
                (let ((json-encoding-pretty-print t))
                  (json-encode (snippet-lens-analyze beg end))))))
    (with-help-window "*snippet-lens*"
      (princ (or text "Snippet Lens has nothing to say about this text")))
    text))

(defconst snippet-lens--description-action "Insert description as comment"
  "The server's code action that carries the description as a comment.")

;;;###autoload
(defun snippet-lens-insert-description (beg end)
  "Insert the description of the region between BEG and END above it.
The server's \"Insert description as comment\" action is applied:
the comment syntax, place and indentation are the server's."
  (interactive "r")
  (let* ((server (or (snippet-lens--server) (user-error "Snippet Lens does not manage this buffer")))
         (actions (snippet-lens--request
                   server :textDocument/codeAction
                   `(:textDocument ,(eglot--TextDocumentIdentifier)
                     :range ,(snippet-lens--range beg end)
                     :context (:diagnostics [] :only ["refactor.rewrite"] :triggerKind 1))))
         (action (seq-find (lambda (action) (equal (plist-get action :title) snippet-lens--description-action))
                           actions)))
    (unless (plist-get action :edit)
      (user-error "Snippet Lens: the server gives no description for this snippet: it may not be code, or enableDescriptions is off"))
    (eglot--apply-workspace-edit (plist-get action :edit))
    (plist-get action :title)))

(defun snippet-lens--hover-text (beg end)
  "The server's hover text for the region between BEG and END, or nil.
The region is reported with a code-action request, as VS Code
does on each selection change, then hover is asked for inside it."
  (let ((server (or (snippet-lens--server) (user-error "Snippet Lens does not manage this buffer"))))
    (snippet-lens--request server :textDocument/codeAction
                           `(:textDocument ,(eglot--TextDocumentIdentifier)
                             :range ,(snippet-lens--range beg end)
                             :context (:diagnostics [])))
    (let* ((inside (max beg (min (point) end)))
           (position (eglot--pos-to-lsp-position inside))
           (hover (snippet-lens--request server :textDocument/hover
                                         `(:textDocument ,(eglot--TextDocumentIdentifier) :position ,position)))
           (contents (plist-get hover :contents)))
      (and contents (not (seq-empty-p contents)) (eglot--hover-info contents)))))

;;;###autoload
(defun snippet-lens-hover (beg end)
  "Hover on the region between BEG and END.
Returns the hover text."
  (interactive "r")
  (let ((text (snippet-lens--hover-text beg end)))
    (if text (message "%s" text) (message "Snippet Lens: nothing to say about this text"))
    text))

;;;###autoload
(with-eval-after-load 'eglot (snippet-lens-register))

(provide 'snippet-lens)
;;; snippet-lens.el ends here
