package staff

// Action is a thing staff do, as the audit log names it.
type Action string

// The actions of the console, and of the command line.
const (
	ActLogin      Action = "login"
	ActLogout     Action = "logout"
	ActOpen       Action = "open"    // read a submission with its personal data
	ActAssign     Action = "assign"  // give it to a staff member
	ActStatus     Action = "status"  // move it along
	ActAnswer     Action = "answer"  // write the public answer
	ActDecline    Action = "decline" // decline with a reason
	ActMerge      Action = "merge"   // a duplicate into its original
	ActAddStaff   Action = "staff-add"
	ActRemoveStaf Action = "staff-remove"
	ActReport     Action = "report" // download a report
)

func (a Action) adminOnly() bool {
	switch a {
	case ActAddStaff, ActRemoveStaf:
		return true
	}
	return false
}
