// name: deadlines
// description: Tasks due in a window; with as_of, the tasks already overdue at that date; with kind, every task of that kind (ongoing, recurring …)
// param: due_from date - first due date to include, e.g. 2022-01-01
// param: due_to date - last due date to include, e.g. 2022-12-31
// param: as_of date - list tasks whose due date is before this date, e.g. 2023-06-30
// param: kind string - only deadlines of this kind: date, interval, recurring, ongoing or unresolved
// param: jurisdiction string - only tasks of this place
// param: limit integer 500 most rows to return
// example: policykg query deadlines --param due_from=2022-01-01 --param due_to=2022-12-31
// count: MATCH (d:Deadline) WHERE ($kind IS NULL OR d.kind = $kind) AND ($kind IS NOT NULL OR d.end IS NOT NULL) AND ($due_from IS NULL OR d.end >= $due_from) AND ($due_to IS NULL OR d.end <= $due_to) AND ($as_of IS NULL OR d.end < $as_of) MATCH (t:Task)-[:DEADLINE]->(d) WHERE $jurisdiction IS NULL OR t.jurisdiction = $jurisdiction WITH t LIMIT $count_limit RETURN count(*)
MATCH (d:Deadline)
WHERE ($kind IS NULL OR d.kind = $kind)
  AND ($kind IS NOT NULL OR d.end IS NOT NULL)
  AND ($due_from IS NULL OR d.end >= $due_from)
  AND ($due_to IS NULL OR d.end <= $due_to)
  AND ($as_of IS NULL OR d.end < $as_of)
MATCH (t:Task)-[:DEADLINE]->(d)
WHERE $jurisdiction IS NULL OR t.jurisdiction = $jurisdiction
WITH d, t ORDER BY d.end, t.jurisdiction, t.file, t.line, t.id LIMIT $limit
MATCH (t)-[r:DEADLINE]->(d)
RETURN d.end AS due, r.raw AS deadline, d.kind AS kind, t.jurisdiction AS jurisdiction, t.path AS path,
       t.number AS number, coalesce(t.title, t.text) AS task
ORDER BY due, jurisdiction, t.file, t.line, t.id
