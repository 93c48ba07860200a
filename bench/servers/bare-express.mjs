// Baseline: Express 5 with the same GET handler and a JSON echo for POST, no validation.
import express from 'express';
import { LIST_BODY } from './payload.mjs';

const app = express();
app.get('/api/v1/organizers/:organizer/webhooks/', (_req, res) => {
  res.type('application/json').send(LIST_BODY);
});
app.post('/api/v1/organizers/:organizer/webhooks/', express.json(), (req, res) => {
  res.status(201).json(req.body);
});
app.listen(Number(process.env.PORT), '127.0.0.1');
