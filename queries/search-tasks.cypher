// name: search-tasks
// description: Tasks whose text contains a keyword, with their owners in the order the text names them
// param: keyword string required a word of the task text, e.g. 助餐
// param: limit integer 500 most rows to return
// example: policykg query search-tasks --param keyword=助餐
// count: MATCH (t:Task) WHERE t.text CONTAINS $keyword WITH t LIMIT $count_limit RETURN count(t)
MATCH (p:Policy)
WITH p ORDER BY p.jurisdiction, p.file LIMIT 9007199254740991
MATCH (t:Task {policy_id: p.id})
WHERE t.text CONTAINS $keyword
WITH p LIMIT $limit
WITH collect(DISTINCT p) AS policies
UNWIND policies AS p
MATCH (t:Task {policy_id: p.id})
WHERE t.text CONTAINS $keyword
WITH t ORDER BY t.jurisdiction, t.file, t.line, t.id LIMIT $limit
OPTIONAL MATCH (t)-[d:DEADLINE]->(:Deadline)
WITH t, d, coalesce(t.owner_names, []) AS names, coalesce(t.owner_roles, []) AS roles
RETURN t.jurisdiction AS jurisdiction, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task, d.raw AS deadline,
       [i IN range(0, size(names) - 1) | names[i] + '(' + roles[i] + ')'] AS owners
ORDER BY jurisdiction, t.file, t.line, t.id
