package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// A dossier's documents: upload, download, remove.

// docKindOptions lists the document kinds the dossier's awards require
// first, then the others.
func docKindOptions(v store.DossierView) []view.Option {
	opts := []view.Option{{Value: "", Label: "Chọn loại tài liệu"}}
	seen := map[award.DocKind]bool{}
	for _, n := range v.Nominations {
		for _, k := range n.RequiredDocs(v.Commendation()) {
			if !seen[k] {
				seen[k] = true
				opts = append(opts, view.Option{Value: string(k), Label: k.Label()})
			}
		}
	}
	for _, k := range award.DocKinds {
		if !seen[k] {
			opts = append(opts, view.Option{Value: string(k), Label: k.Label()})
		}
	}
	return opts
}

// docTargets lists the whole dossier and each nomination.
func docTargets(v store.DossierView) []view.Option {
	opts := []view.Option{{Value: "0", Label: "Cả hồ sơ (dùng chung cho mọi đề nghị)"}}
	for _, n := range v.Nominations {
		opts = append(opts, view.Option{Value: strconv.FormatInt(n.ID, 10), Label: n.SubjectName + " – " + n.AwardName()})
	}
	return opts
}

func (srv *Server) documentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	// The dossier is checked first, so that another unit's id gets the
	// same 404 as a missing one whatever the upload holds.
	if _, err := srv.store.Dossier(ctx, headScope(r), id); err != nil {
		return err
	}
	ups, problem, err := srv.readUploads(w, r, "file", attach.Documents...)
	if err != nil {
		return err
	}
	up := view.UploadForm{DocKind: r.PostFormValue("doc_kind"), Target: r.PostFormValue("target"),
		Certified: r.PostFormValue("certified") != "", Error: problem, SubmissionID: submissionID(r)}
	p := validate.Problems{}
	kind := award.DocKind(up.DocKind)
	p.Check(kind.Valid(), "doc_kind", "Chọn loại tài liệu.")
	var nomID int64
	if up.Target != "" && up.Target != "0" {
		nomID, err = parseID(up.Target)
		p.Check(err == nil, "target", "Chọn tài liệu này của cả hồ sơ hay của đề nghị nào.")
	}
	status := uploadStatus(problem)
	if problem != "" {
		p.Add("file", problem)
	}
	// Each file is checked on its own: the good ones are attached, each
	// refused one is named with its reason beside the file box.
	var docs []store.NewDoc
	var refused []string
	for _, u := range ups {
		if u.Problem != "" {
			refused = append(refused, "“"+u.Name+"”: "+u.Problem)
			status = uploadStatus(u.Problem)
			continue
		}
		docs = append(docs, store.NewDoc{NominationID: nomID, DocKind: kind, Certified: up.Certified, File: u.File})
	}
	if p.OK() && len(docs) > 0 {
		_, err := srv.store.AddDossierDocs(ctx, actor(r), headScope(r), id, docs)
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if !p.OK() {
			status = http.StatusConflict
		} else {
			names := make([]string, len(docs))
			for i, d := range docs {
				names[i] = "“" + d.File.Name + "”"
			}
			msg := "Đã đính kèm " + strings.Join(names, ", ") + "."
			if len(refused) == 0 {
				srv.flash(r, msg)
				return redirect(w, r, fmt.Sprintf("/dossiers/%d#documents", id))
			}
			up.Done = msg
		}
	}
	if len(refused) > 0 {
		what := "Tệp sau chưa được đính kèm"
		if len(docs) == 0 || !p.OK() {
			what = "Chưa đính kèm được tệp nào"
		}
		p.Add("file", what+": "+strings.Join(refused, "; ")+" Hãy chọn lại tệp đó.")
	}
	up.Errors = formErrors(p, []string{"doc_kind", "target", "file"})
	up.Error = up.Errors.Fields["file"]
	up.SubmissionID = newSubmissionID()
	return srv.dossierPage(w, r, status, id, &up)
}

func (srv *Server) documentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	a, data, err := srv.store.DossierFile(r.Context(), dossierScope(r), id, doc)
	if err != nil {
		return err
	}
	serveAttachment(w, r, a, data)
	return nil
}

func (srv *Server) documentRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	if err := srv.store.RemoveDossierDoc(r.Context(), actor(r), headScope(r), id, doc); err != nil {
		return err
	}
	srv.flash(r, "Đã gỡ tài liệu khỏi hồ sơ.")
	return redirect(w, r, fmt.Sprintf("/dossiers/%d#documents", id))
}
