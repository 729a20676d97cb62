// name: policy-lineage
// description: From a policy up its CITES chain towards central documents, each hop with its level
// param: policy string required the policy's id, 文号 or part of its title, e.g. 郯政办字〔2025〕20号
// example: policykg query policy-lineage --param policy=郯城
MATCH (p:Policy)
WHERE p.id = $policy OR p.number = $policy OR p.title CONTAINS $policy OR p.jurisdiction = $policy
MATCH path = (p)-[:CITES*1..4]->(s)
RETURN p.title AS policy, length(path) AS hops, s.level AS level, s.number AS number, s.title AS title,
       s.issuer AS issuer
ORDER BY policy, p.id, hops,
  CASE s.level WHEN 'central' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END,
  number, title, s.id
