// The employee converter as an Azure Function (Node.js v4 programming model, CommonJS), at /api.
const { app } = require('@azure/functions');
const { registerFunction } = require('@csvfn/adapter-azure');
const { createCsvHandler } = require('@csvfn/core');
const { employeeSchema } = require('@csvfn/core/employee');

// Stream request and response bodies instead of buffering them in the host.
app.setup({ enableHttpStream: true });

registerFunction('csv', createCsvHandler({ schema: employeeSchema }), { route: 'api' });
